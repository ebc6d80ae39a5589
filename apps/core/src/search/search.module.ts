import { Module } from '@nestjs/common';
import { RepositoryNames } from './repository-names.js';
import { SearchController } from './search.controller.js';
import { SearchService } from './search.service.js';

@Module({ controllers: [SearchController], providers: [SearchService, RepositoryNames] })
export class SearchModule {}
