import type { Logger } from 'pino';
import type { TrivyAdapterConfig } from '@harbor-ts/config';
import { collectImageFiles } from '../image/layer-files.js';
import { ImagePuller, type PullTarget } from '../registry/image-puller.js';
import type { AdvisorySource } from '../vulndb/advisory.js';
import { OsvAdvisories } from '../vulndb/osv-advisories.js';
import type { OsvSource } from '../vulndb/osv-source.js';
import type { TrivySource } from '../vulndb/trivy-source.js';
import type { TrivyCli } from '../trivy-cli/trivy-cli.js';
import { findVulnerabilities, imageContents } from './findings.js';
import { SCANNER } from './scanner-identity.js';

const SEVERITY_ORDER = ['Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical'];

/** One scan: pull the image's layers, read its package databases, match them, build the report. */
export class ImageScanner {
  private readonly puller: ImagePuller;

  constructor(
    private readonly config: TrivyAdapterConfig,
    private readonly logger: Logger,
    private readonly osv: OsvSource,
    private readonly trivy: TrivySource,
    private readonly trivyCli: TrivyCli,
  ) {
    this.puller = new ImagePuller({ insecure: config.scan.insecure });
  }

  async scan(target: PullTarget & { mimeType: string }, signal: AbortSignal) {
    // Engine 1: the trivy CLI when it is installed; the built-in engine below otherwise.
    const cli = this.trivyCli.engine;
    if (cli) return this.trivyCli.scan(cli, target, signal);
    // An empty database would report a clean image: say that there is nothing to match against.
    const sources = await this.sources();
    if (sources.length === 0)
      throw new Error(
        `no vulnerability database: copy trivy.db and metadata.json into ${this.trivy.directory}, or OSV exports into ${this.osv.directory}`,
      );
    const started = Date.now();
    const files = await collectImageFiles(this.abortable(this.puller.layers(target, signal), signal));
    const contents = imageContents(files);
    const vulnerabilities = findVulnerabilities(contents, sources, {
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

  /** The databases present: Trivy's first (what Harbor users copy in), then OSV exports. */
  private async sources(): Promise<AdvisorySource[]> {
    const candidates: (AdvisorySource | undefined)[] = [
      this.trivy.current(),
      new OsvAdvisories(await this.osv.current()),
    ];
    return candidates.filter((source): source is AdvisorySource => source?.loaded === true);
  }

  private async *abortable<T>(items: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
    for await (const item of items) {
      signal.throwIfAborted();
      yield item;
    }
  }
}
