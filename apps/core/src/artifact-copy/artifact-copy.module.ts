import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../artifacts/artifacts.module.js';
import { ArtifactCopier } from './artifact-copier.service.js';
import { ArtifactCopyController } from './artifact-copy.controller.js';
import { CopyQuota } from './copy-quota.js';
import { CopyTree } from './copy-tree.js';

/** CopyArtifact: an artifact copied between repositories inside the registry, recorded as a push. */
@Module({
  imports: [ArtifactsModule],
  controllers: [ArtifactCopyController],
  providers: [ArtifactCopier, CopyTree, CopyQuota],
})
export class ArtifactCopyModule {}
