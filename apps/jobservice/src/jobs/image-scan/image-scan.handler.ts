import type { DataSource } from 'typeorm';
import type { JobserviceConfig } from '@harbor-ts/config';
import { markScanStarted, saveScanOutcome, scanTarget, type ScanTarget } from '@harbor-ts/db';
import { SecretBox } from '@harbor-ts/outbound';
import { isScannerAuthType, ScannerClient } from '@harbor-ts/scanner-client';
import type { JobContext, JobHandler } from '../../runner/job-handler.js';
import { pollReport } from './poll-report.js';
import { scannerOf } from './scanner-of.js';
import { summarizeReport } from './report-summary.js';
import { SbomGeneration } from './sbom-generation.js';
import { scannerAuthorization, scanRegistryOf } from './scan-registry.js';
import { withScanRobot } from './scan-robot-lease.js';

/**
 * Harbor's scan job: with a robot made for this scan, ask the project's scanner to scan one
 * artifact, poll its report as often as the scanner says (`Refresh-After`), and store the report
 * with its counts. The robot is deleted when the scan ends, however it ends.
 */
export class ImageScanHandler implements JobHandler<'IMAGE_SCAN'> {
  private readonly secrets: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: JobserviceConfig,
  ) {
    this.secrets = new SecretBox(config.secrets.secretKey);
  }

  async run(context: JobContext<'IMAGE_SCAN'>): Promise<void> {
    if (context.params.scan_type === 'sbom')
      return new SbomGeneration(this.dataSource, this.config, (target) => this.clientFor(target)).run(
        context,
      );
    const { params, log } = context;
    const target = await scanTarget(this.dataSource, params.report_uuid, params.artifact_id);
    if (!target) throw new Error('the artifact or its scanner registration no longer exists');
    const { artifact, registration } = target;
    log.info(`scanning ${artifact.repositoryName}@${artifact.digest} with scanner ${registration.name}`);
    await markScanStarted(this.dataSource, target.reportUuid);
    const client = this.clientFor(target);
    try {
      const metadata = await client.getMetadata();
      const registry = await scanRegistryOf(this.dataSource, this.config, registration.uuid);
      const report = await withScanRobot(this.dataSource, artifact, async (robot) => {
        const authorization = await scannerAuthorization(
          registry,
          robot,
          artifact.repositoryName,
          ['pull'],
          context.signal,
        );
        const scanId = await client.submitScan({
          registry: { url: registry.url, authorization },
          artifact: {
            repository: artifact.repositoryName,
            digest: artifact.digest,
            mime_type: artifact.manifestMediaType,
            size: artifact.size,
          },
          enabled_capabilities: [{ type: 'vulnerability', produces_mime_types: [target.mimeType] }],
        });
        log.info(`the scanner accepted the request: scan ${scanId}`);
        return pollReport(context, client, scanId, target.mimeType);
      });
      const summary = summarizeReport(report);
      await this.dataSource.transaction((manager) =>
        saveScanOutcome(manager, target.reportUuid, { ...summary, scanner: scannerOf(metadata), report }),
      );
      log.info(
        `found ${summary.total} vulnerabilities (${summary.fixable} fixable), severity ${summary.severity}`,
      );
    } finally {
      await client.close();
    }
  }

  private clientFor({ registration }: ScanTarget): ScannerClient {
    if (!isScannerAuthType(registration.auth)) throw new Error(`unknown auth type ${registration.auth}`);
    return new ScannerClient({
      url: registration.url,
      auth: registration.auth,
      credential: registration.sealedCredential ? this.secrets.open(registration.sealedCredential) : '',
      skipCertVerify: registration.skipCertVerify,
    });
  }
}
