import type { Logger } from 'pino';
import type { TrivyAdapterConfig } from '@harbor-ts/config';
import { createJsonServer, type HttpService } from '@harbor-ts/runtime/http';
import { MetadataService } from './api/metadata.service.js';
import { ScannerApi, scannerErrorAnswer } from './api/scanner-api.js';
import { TrivyCli } from './trivy-cli/trivy-cli.js';
import { OsvSource } from './vulndb/osv-source.js';
import { TrivySource } from './vulndb/trivy-source.js';

/** The first call's promise, shared by every later call (and retried if it failed). */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

/**
 * The adapter's parts, wired here and nowhere else. The OSV export is loaded and the trivy CLI looked
 * for before it listens, so its first metadata answer already describes the database and engine.
 */
export async function createTrivyAdapter(config: TrivyAdapterConfig, logger: Logger): Promise<HttpService> {
  const osv = new OsvSource(config, logger);
  const trivy = new TrivySource(config, logger);
  const trivyCli = new TrivyCli(config, logger);
  await Promise.all([osv.start(), trivyCli.detect()]);
  // The scanning code (registry client, layer readers, analyzers) is loaded by the first scan or
  // SBOM request: an adapter that has not scanned yet idles ~12 MiB smaller (bench/footprint).
  const imageScanner = once(async () => {
    const { ImageScanner } = await import('./scans/image-scanner.js');
    return new ImageScanner(config, logger, osv, trivy, trivyCli);
  });
  const sbomGenerator = once(async () => {
    const { SbomGenerator } = await import('./sbom/sbom-generator.js');
    return new SbomGenerator(config, logger);
  });
  const api = new ScannerApi(
    config,
    { scan: async (target, signal) => (await imageScanner()).scan(target, signal) },
    new MetadataService(config, osv, trivy, trivyCli),
    { generate: async (target, signal) => (await sbomGenerator()).generate(target, signal) },
  );
  return {
    server: createJsonServer((method, path) => api.route(method, path), scannerErrorAnswer(logger)),
    close: () => {
      osv.stop();
      trivy.close();
    },
  };
}
