import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../artifacts/artifacts.module.js';
import { ArtifactAdditionsController } from './artifact-additions.controller.js';
import { ArtifactAdditions } from './artifact-additions.service.js';

/** Harbor's artifact additions (build history, chart files). */
@Module({
  imports: [ArtifactsModule],
  controllers: [ArtifactAdditionsController],
  providers: [ArtifactAdditions],
})
export class ArtifactAdditionsModule {}
