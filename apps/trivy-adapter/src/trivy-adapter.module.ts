import { Module } from '@nestjs/common';
import { MetadataService } from './api/metadata.service.js';
import { ScannerApiController } from './api/scanner-api.controller.js';
import { ImageScanner } from './scans/image-scanner.js';
import { OsvSource } from './vulndb/osv-source.js';

@Module({
  controllers: [ScannerApiController],
  providers: [ImageScanner, MetadataService, OsvSource],
})
export class TrivyAdapterModule {}
