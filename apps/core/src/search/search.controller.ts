import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HarborError } from '@harbor-ts/errors';
import { Security, type SecurityContext } from '../auth/index.js';
import { SearchService } from './search.service.js';

@Controller('api/v2.0/search')
export class SearchController {
  constructor(private readonly searcher: SearchService) {}

  /** Open to anonymous callers, who see public projects only, as in Harbor. */
  @Get()
  async search(
    @Security() s: SecurityContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('q') q?: string,
  ) {
    if (q === undefined || q.trim() === '') throw HarborError.badRequest('q: required');
    const body = await this.searcher.search(s, q.trim());
    // Postgres wrote the JSON: sent as it is, with the type Fastify gives a serialised object.
    void reply.type('application/json; charset=utf-8');
    return body;
  }
}
