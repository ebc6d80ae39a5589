import { Module } from '@nestjs/common';
import { ArtifactDeleter } from './artifact-deleter.service.js';
import { ArtifactLabelsController } from './artifact-labels.controller.js';
import { ArtifactLabelsService } from './artifact-labels.service.js';
import { ArtifactListing } from './artifact-listing.service.js';
import { ArtifactResolver } from './artifact-resolver.service.js';
import { ArtifactScope } from './artifact-scope.js';
import { ArtifactsController } from './artifacts.controller.js';
import { BlobEventConsumer } from './blob-event-consumer.js';
import { DeleteRecorder } from './delete-recorder.service.js';
import { PullRecorder } from './pull-recorder.service.js';
import { PushRecorder } from './push-recorder.service.js';
import { RegistryContent } from './registry-content.js';
import { TagsController } from './tags.controller.js';
import { TagsService } from './tags.service.js';

/** Harbor's records of what the registry holds (artifacts, tags, blobs, pulls) and the artifact, tag and label API. */
@Module({
  controllers: [ArtifactsController, TagsController, ArtifactLabelsController],
  providers: [
    PushRecorder,
    PullRecorder,
    DeleteRecorder,
    BlobEventConsumer,
    ArtifactListing,
    ArtifactResolver,
    ArtifactScope,
    ArtifactDeleter,
    RegistryContent,
    TagsService,
    ArtifactLabelsService,
  ],
  exports: [
    PushRecorder,
    PullRecorder,
    DeleteRecorder,
    ArtifactResolver,
    ArtifactListing,
    ArtifactScope,
    RegistryContent,
    ArtifactDeleter,
  ],
})
export class ArtifactsModule {}
