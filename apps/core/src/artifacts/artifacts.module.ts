import { Module } from '@nestjs/common';
import { ArtifactListingController } from './artifact-listing.controller.js';
import { ArtifactListing } from './artifact-listing.service.js';
import { ArtifactResolver } from './artifact-resolver.service.js';
import { BlobEventConsumer } from './blob-event-consumer.js';
import { DeleteRecorder } from './delete-recorder.service.js';
import { PullRecorder } from './pull-recorder.service.js';
import { PushRecorder } from './push-recorder.service.js';

/** Harbor's records of what the registry holds: artifacts, tags, blobs, pulls. */
@Module({
  controllers: [ArtifactListingController],
  providers: [
    PushRecorder,
    PullRecorder,
    DeleteRecorder,
    BlobEventConsumer,
    ArtifactListing,
    ArtifactResolver,
  ],
  exports: [PushRecorder, PullRecorder, DeleteRecorder, ArtifactResolver],
})
export class ArtifactsModule {}
