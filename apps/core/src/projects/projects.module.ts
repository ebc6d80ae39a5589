import { Module } from '@nestjs/common';
import { ProjectListingService } from './project-listing.service.js';
import { ProjectMetadataController } from './project-metadata.controller.js';
import { ProjectSummaryService } from './project-summary.service.js';
import { ProjectsController } from './projects.controller.js';
import { ProjectsService } from './projects.service.js';

@Module({
  controllers: [ProjectsController, ProjectMetadataController],
  providers: [ProjectsService, ProjectListingService, ProjectSummaryService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
