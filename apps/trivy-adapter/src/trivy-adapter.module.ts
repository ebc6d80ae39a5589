import { Module } from '@nestjs/common';
import { MetadataService } from './api/metadata.service.js';
import { ProbeController } from './api/probe.controller.js';
import { ScannerApiController } from './api/scanner-api.controller.js';
import { SbomGenerator } from './sbom/sbom-generator.js';
import { ImageScanner } from './scans/image-scanner.js';
import { TrivyCli } from './trivy-cli/trivy-cli.js';
import { OsvSource } from './vulndb/osv-source.js';
import { TrivySource } from './vulndb/trivy-source.js';

@Module({
  controllers: [ScannerApiController, ProbeController],
  providers: [ImageScanner, SbomGenerator, MetadataService, OsvSource, TrivySource, TrivyCli],
})
export class TrivyAdapterModule {}
