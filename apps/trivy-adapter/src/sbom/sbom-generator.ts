import type { Logger } from 'pino';
import type { TrivyAdapterConfig } from '@harbor-ts/config';
import { MimeTypes } from '../api/mime-types.js';
import { collectImageFiles } from '../image/layer-files.js';
import { ImagePuller, type PullTarget } from '../registry/image-puller.js';
import { imageContents } from '../scans/findings.js';
import { SCANNER } from '../scans/scanner-identity.js';
import { apkLicenses } from './apk-licenses.js';
import { spdxDocument } from './spdx-document.js';

/**
 * SBOM generation: pull the image's layers, read its package databases as a vulnerability scan
 * does, and answer Harbor's SBOM report (`HarborSbomReport`) with an SPDX 2.3 document inside. No
 * vulnerability database is needed.
 */
export class SbomGenerator {
  private readonly puller: ImagePuller;

  constructor(
    config: TrivyAdapterConfig,
    private readonly logger: Logger,
  ) {
    this.puller = new ImagePuller({ insecure: config.scan.insecure });
  }

  async generate(target: PullTarget & { mimeType: string }, signal: AbortSignal) {
    const started = Date.now();
    const files = await collectImageFiles(this.abortable(this.puller.layers(target, signal), signal));
    const contents = imageContents(files);
    const sbom = spdxDocument({
      repository: target.repository,
      digest: target.digest,
      contents,
      licenses: apkLicenses(files.get('lib/apk/db/installed')?.toString('utf8') ?? ''),
    });
    this.logger.info(
      {
        repository: target.repository,
        digest: target.digest,
        packages: contents.packages.length,
        ms: Date.now() - started,
      },
      'sbom generated',
    );
    return {
      generated_at: new Date().toISOString(),
      artifact: { repository: target.repository, digest: target.digest, mime_type: target.mimeType },
      scanner: SCANNER,
      media_type: MimeTypes.spdx,
      sbom,
    };
  }

  private async *abortable<T>(items: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
    for await (const item of items) {
      signal.throwIfAborted();
      yield item;
    }
  }
}
