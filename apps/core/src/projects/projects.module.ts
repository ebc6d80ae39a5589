import { Module } from '@nestjs/common';
import { CveAllowlistModule } from '../cve-allowlist/cve-allowlist.module.js';
import { ProjectListingService } from './project-listing.service.js';
import { ProjectMetadataController } from './project-metadata.controller.js';
import { ProjectSummaryService } from './project-summary.service.js';
import { ProjectsController } from './projects.controller.js';
import { ProjectsService } from './projects.service.js';

@Module({
  imports: [CveAllowlistModule],
  controllers: [ProjectsController, ProjectMetadataController],
  providers: [ProjectsService, ProjectListingService, ProjectSummaryService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
