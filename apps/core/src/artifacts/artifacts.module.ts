import { Module } from '@nestjs/common';
import { BlobEventConsumer } from './blob-event-consumer.js';
import { PullRecorder } from './pull-recorder.service.js';
import { PushRecorder } from './push-recorder.service.js';

/** Harbor's records of what the registry holds: artifacts, tags, blobs, pulls. */
@Module({
  providers: [PushRecorder, PullRecorder, BlobEventConsumer],
  exports: [PushRecorder, PullRecorder],
})
export class ArtifactsModule {}
