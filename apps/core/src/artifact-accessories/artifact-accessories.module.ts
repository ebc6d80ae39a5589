import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../artifacts/artifacts.module.js';
import { ArtifactAccessoriesController } from './artifact-accessories.controller.js';
import { ArtifactAccessories } from './artifact-accessories.service.js';

/** listAccessories: the referrers (signatures, SBOMs...) recorded for an artifact. */
@Module({
  imports: [ArtifactsModule],
  controllers: [ArtifactAccessoriesController],
  providers: [ArtifactAccessories],
})
export class ArtifactAccessoriesModule {}
