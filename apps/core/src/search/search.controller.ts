import { Controller, Get, Query } from '@nestjs/common';
import { HarborError } from '@harbor-ts/errors';
import { Security, type SecurityContext } from '../auth/index.js';
import { SearchService } from './search.service.js';

@Controller('api/v2.0/search')
export class SearchController {
  constructor(private readonly searcher: SearchService) {}

  /** Open to anonymous callers, who see public projects only, as in Harbor. */
  @Get()
  async search(@Security() s: SecurityContext, @Query('q') q?: string) {
    if (q === undefined || q.trim() === '') throw HarborError.badRequest('q: required');
    return this.searcher.search(s, q.trim());
  }
}
