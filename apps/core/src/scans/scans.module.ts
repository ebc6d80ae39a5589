import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../artifacts/artifacts.module.js';
import { ScannersModule } from '../scanners/scanners.module.js';
import { ArtifactScansController } from './artifact-scans.controller.js';
import { ArtifactScans } from './artifact-scans.service.js';
import { ScanOnPushSubscriber } from './scan-on-push.subscriber.js';

/** Scans of artifacts: IMAGE_SCAN jobs, their reports and logs. */
@Module({
  imports: [ArtifactsModule, ScannersModule],
  controllers: [ArtifactScansController],
  providers: [ArtifactScans, ScanOnPushSubscriber],
})
export class ScansModule {}
