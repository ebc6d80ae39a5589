import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { TrivyAdapterConfig } from '@harbor-ts/config';
import { LOGGER, SERVICE_CONFIG } from '@harbor-ts/runtime';
import { collectImageFiles } from '../image/layer-files.js';
import { ImagePuller, type PullTarget } from '../registry/image-puller.js';
import { OsvSource } from '../vulndb/osv-source.js';
import { findVulnerabilities, imageContents } from './findings.js';
import { SCANNER } from './scanner-identity.js';

const SEVERITY_ORDER = ['Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical'];

/** One scan: pull the image's layers, read its package databases, match them, build the report. */
@Injectable()
export class ImageScanner {
  private readonly puller: ImagePuller;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: TrivyAdapterConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly osv: OsvSource,
  ) {
    this.puller = new ImagePuller({ insecure: config.scan.insecure });
  }

  async scan(target: PullTarget & { mimeType: string }, signal: AbortSignal) {
    const database = await this.osv.current();
    // An empty database would report a clean image: say that there is nothing to match against.
    if (database.size === 0)
      throw new Error(
        `no vulnerability database: put OSV exports into ${this.osv.directory} (see docs/trivy-adapter.md)`,
      );
    const started = Date.now();
    const files = await collectImageFiles(this.abortable(this.puller.layers(target), signal));
    const contents = imageContents(files);
    const vulnerabilities = findVulnerabilities(contents, database, {
      ignoreUnfixed: this.config.scan.ignoreUnfixed,
    });
    this.logger.info(
      {
        repository: target.repository,
        digest: target.digest,
        os: contents.os,
        packages: contents.packages.length,
        found: vulnerabilities.length,
        ms: Date.now() - started,
      },
      'scanned',
    );
    const worst = Math.max(0, ...vulnerabilities.map((v) => SEVERITY_ORDER.indexOf(v.severity)));
    return {
      generated_at: new Date().toISOString(),
      artifact: { repository: target.repository, digest: target.digest, mime_type: target.mimeType },
      scanner: SCANNER,
      severity: SEVERITY_ORDER[worst],
      vulnerabilities,
    };
  }

  private async *abortable<T>(items: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
    for await (const item of items) {
      signal.throwIfAborted();
      yield item;
    }
  }
}
