import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../artifacts/artifacts.module.js';
import { ArtifactAdditionsController } from './artifact-additions.controller.js';
import { ArtifactAdditions } from './artifact-additions.service.js';
import { RegistryContent } from './registry-content.js';

/** Harbor's artifact additions (build history, chart files); exports the registry reads copy needs too. */
@Module({
  imports: [ArtifactsModule],
  controllers: [ArtifactAdditionsController],
  providers: [ArtifactAdditions, RegistryContent],
  exports: [RegistryContent],
})
export class ArtifactAdditionsModule {}
