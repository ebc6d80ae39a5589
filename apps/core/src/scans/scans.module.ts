import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../artifacts/artifacts.module.js';
import { ExecutionsModule } from '../executions/executions.module.js';
import { ScannersModule } from '../scanners/scanners.module.js';
import { ArtifactScansController } from './artifact-scans.controller.js';
import { ArtifactSboms } from './artifact-sbom.service.js';
import { ArtifactScans } from './artifact-scans.service.js';
import { ScanAllController } from './scan-all.controller.js';
import { ScanAllService } from './scan-all.service.js';
import { SbomOnPushSubscriber } from './sbom-on-push.subscriber.js';
import { ScanOnPushSubscriber } from './scan-on-push.subscriber.js';

/** Scans of artifacts (IMAGE_SCAN jobs, their reports and logs), SBOM generation, scan on push, and scan all. */
@Module({
  imports: [ArtifactsModule, ScannersModule, ExecutionsModule],
  controllers: [ArtifactScansController, ScanAllController],
  providers: [ArtifactScans, ArtifactSboms, ScanOnPushSubscriber, SbomOnPushSubscriber, ScanAllService],
})
export class ScansModule {}
