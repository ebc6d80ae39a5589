import type { DataSource } from 'typeorm';
import type { JobserviceConfig } from '@harbor-ts/config';
import {
  markSbomStarted,
  saveSbomSummary,
  SBOM_MEDIA_TYPE_SPDX,
  sbomTarget,
  type ScanTarget,
} from '@harbor-ts/db';
import { RegistryHttp } from '@harbor-ts/registry-client';
import type { ScannerClient } from '@harbor-ts/scanner-client';
import type { JobContext } from '../../runner/job-handler.js';
import { pollReport } from './poll-report.js';
import { pushSbomAccessory } from './sbom-accessory.js';
import { withScanRobot } from './scan-robot-lease.js';
import { scannerAuthorization, scanRegistryOf } from './scan-registry.js';
import { scannerOf } from './scanner-of.js';

/** Harbor's SBOM report (`HarborSbomReport`), as far as storing it needs. */
interface SbomReport {
  media_type?: unknown;
  sbom?: unknown;
}

/**
 * Harbor's SBOM generation, an IMAGE_SCAN task with `scan_type: sbom`: a robot that may pull and push
 * the one repository asks the scanner for an SPDX SBOM, the SBOM is pushed to the registry as the
 * image's `sbom.harbor` accessory (with the same robot, as Harbor does), and the `sbom_report` keeps
 * Harbor's summary: times, status and the accessory's digest.
 */
export class SbomGeneration {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: JobserviceConfig,
    private readonly clientFor: (target: ScanTarget) => ScannerClient,
  ) {}

  async run(context: JobContext<'IMAGE_SCAN'>): Promise<void> {
    const { params, log } = context;
    const target = await sbomTarget(this.dataSource, params.report_uuid, params.artifact_id);
    if (!target) throw new Error('the artifact or its scanner registration no longer exists');
    const { artifact, registration } = target;
    log.info(
      `generating the SBOM of ${artifact.repositoryName}@${artifact.digest} with scanner ${registration.name}`,
    );
    const started = new Date();
    await markSbomStarted(this.dataSource, target.reportUuid);
    const client = this.clientFor(target);
    try {
      const metadata = await client.getMetadata();
      const registry = await scanRegistryOf(this.dataSource, this.config, registration.uuid);
      const sbomDigest = await withScanRobot(
        this.dataSource,
        artifact,
        async (robot) => {
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
            enabled_capabilities: [
              {
                type: 'sbom',
                produces_mime_types: [target.mimeType],
                parameters: { sbom_media_types: [SBOM_MEDIA_TYPE_SPDX] },
              },
            ],
          });
          log.info(`the scanner accepted the request: scan ${scanId}`);
          const report = (await pollReport(context, client, scanId, target.mimeType, {
            sbom_media_type: SBOM_MEDIA_TYPE_SPDX,
          })) as SbomReport | null;
          const sbom = report?.sbom;
          if (!sbom || typeof sbom !== 'object')
            throw new Error('the scanner sent an SBOM report without an sbom');
          log.info(`pushing the SBOM as an accessory of ${artifact.repositoryName}@${artifact.digest}`);
          const http = new RegistryHttp(
            { url: registry.url, ...robot },
            { signal: context.signal, attempts: 3 },
          );
          try {
            return await pushSbomAccessory(
              http,
              artifact.repositoryName,
              { mediaType: artifact.manifestMediaType, digest: artifact.digest, size: artifact.size },
              Buffer.from(JSON.stringify(sbom)),
            );
          } finally {
            await http.close();
          }
        },
        ['pull', 'push'],
      );
      const ended = new Date();
      await saveSbomSummary(this.dataSource, target.reportUuid, {
        start_time: started.toISOString(),
        end_time: ended.toISOString(),
        duration: Math.round((ended.getTime() - started.getTime()) / 1000),
        sbom_repository: artifact.repositoryName,
        sbom_digest: sbomDigest,
        scan_status: 'Success',
        scanner: scannerOf(metadata),
      });
      log.info(`the SBOM is ${artifact.repositoryName}@${sbomDigest}`);
    } finally {
      await client.close();
    }
  }
}
