import { Module } from '@nestjs/common';
import { BasicAuthGuard } from './auth/basic-auth.guard.js';
import { BlobService } from './blobs/blob.service.js';
import { BlobsHandler } from './blobs/blobs.handler.js';
import { EventPublisher } from './events/event-publisher.js';
import { ListingHandler } from './listing/listing.handler.js';
import { ListingService } from './listing/listing.service.js';
import { ManifestStore } from './manifests/manifest-store.js';
import { ManifestService } from './manifests/manifest.service.js';
import { ManifestsHandler } from './manifests/manifests.handler.js';
import { ReferrersService } from './manifests/referrers.service.js';
import { RegistryController } from './registry.controller.js';
import { StorageModule } from './storage/storage.module.js';
import { UploadPurger } from './uploads/upload-purger.js';
import { UploadService } from './uploads/upload.service.js';
import { UploadsHandler } from './uploads/uploads.handler.js';

@Module({
  imports: [StorageModule],
  controllers: [RegistryController],
  providers: [
    BasicAuthGuard,
    BlobService,
    BlobsHandler,
    EventPublisher,
    ListingHandler,
    ListingService,
    ManifestStore,
    ManifestService,
    ManifestsHandler,
    ReferrersService,
    UploadPurger,
    UploadService,
    UploadsHandler,
  ],
})
export class RegistryModule {}
