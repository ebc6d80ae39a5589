import { Module } from '@nestjs/common';
import { JobOutcomesModule } from '../../runner/job-outcomes.module.js';
import { GarbageBlobsStep } from './garbage-blobs.step.js';
import { GarbageCollectionHandler } from './garbage-collection.handler.js';
import { RegistryctlClient } from './registryctl-client.js';
import { TrashedManifestsStep } from './trashed-manifests.step.js';
import { UntaggedArtifactsStep } from './untagged-artifacts.step.js';

@Module({
  imports: [JobOutcomesModule],
  providers: [
    GarbageCollectionHandler,
    RegistryctlClient,
    UntaggedArtifactsStep,
    TrashedManifestsStep,
    GarbageBlobsStep,
  ],
  exports: [GarbageCollectionHandler],
})
export class GarbageCollectionModule {}
