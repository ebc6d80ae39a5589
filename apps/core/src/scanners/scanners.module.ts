import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { ProjectScannerController } from './project-scanner.controller.js';
import { ScannerMetadataService } from './scanner-metadata.service.js';
import { ScannerRegistrationsService } from './scanner-registrations.service.js';
import { ScannerSettings } from './scanner-settings.js';
import { ScannersController } from './scanners.controller.js';
import { TrivyRegistration } from './trivy-registration.service.js';

@Module({
  imports: [ProjectsModule],
  controllers: [ScannersController, ProjectScannerController],
  providers: [ScannerRegistrationsService, ScannerMetadataService, ScannerSettings, TrivyRegistration],
  exports: [ScannerRegistrationsService, ScannerMetadataService],
})
export class ScannersModule {}
