import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../artifacts/artifacts.module.js';
import { ScannersModule } from '../scanners/scanners.module.js';
import { ArtifactScansController } from './artifact-scans.controller.js';
import { ArtifactScans } from './artifact-scans.service.js';

/** Scans of artifacts: IMAGE_SCAN jobs, their reports and logs. */
@Module({
  imports: [ArtifactsModule, ScannersModule],
  controllers: [ArtifactScansController],
  providers: [ArtifactScans],
})
export class ScansModule {}
