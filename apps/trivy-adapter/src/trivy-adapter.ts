import type { Logger } from 'pino';
import type { TrivyAdapterConfig } from '@harbor-ts/config';
import { createJsonServer, type HttpService } from '@harbor-ts/runtime/http';
import { MetadataService } from './api/metadata.service.js';
import { ScannerApi, scannerErrorAnswer } from './api/scanner-api.js';
import { SbomGenerator } from './sbom/sbom-generator.js';
import { ImageScanner } from './scans/image-scanner.js';
import { TrivyCli } from './trivy-cli/trivy-cli.js';
import { OsvSource } from './vulndb/osv-source.js';
import { TrivySource } from './vulndb/trivy-source.js';

/**
 * The adapter's parts, wired here and nowhere else. The OSV export is loaded and the trivy CLI looked
 * for before it listens, so its first metadata answer already describes the database and engine.
 */
export async function createTrivyAdapter(config: TrivyAdapterConfig, logger: Logger): Promise<HttpService> {
  const osv = new OsvSource(config, logger);
  const trivy = new TrivySource(config, logger);
  const trivyCli = new TrivyCli(config, logger);
  await Promise.all([osv.start(), trivyCli.detect()]);
  const api = new ScannerApi(
    config,
    new ImageScanner(config, logger, osv, trivy, trivyCli),
    new MetadataService(config, osv, trivy, trivyCli),
    new SbomGenerator(config, logger),
  );
  return {
    server: createJsonServer((method, path) => api.route(method, path), scannerErrorAnswer(logger)),
    close: () => {
      osv.stop();
      trivy.close();
    },
  };
}
