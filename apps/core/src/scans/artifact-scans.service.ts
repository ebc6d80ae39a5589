import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { readTaskLog, scanRunning, Trigger } from '@harbor-ts/db';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { JobProducer, submitImageScans } from '@harbor-ts/jobs';
import { ScannerMimeTypes } from '@harbor-ts/scanner-client';
import type { ArtifactRow } from '../artifacts/artifact-resolver.service.js';
import { ScannerRegistrationsService } from '../scanners/scanner-registrations.service.js';
import { VULNERABILITY_REPORTS_SQL } from './scan-overview.js';

/** The report type harbor-ts asks scanners for (Harbor's generic vulnerability report). */
export const REPORT_MIME_TYPE = ScannerMimeTypes.genericVulnerabilityReport;

export const isIndex = (artifact: { manifest_media_type: string }) =>
  artifact.manifest_media_type.includes('index') || artifact.manifest_media_type.includes('list');

/** Scanning one artifact (each child of an index): start, stop, its log and its reports. */
@Injectable()
export class ArtifactScans {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
    private readonly registrations: ScannerRegistrationsService,
  ) {}

  /**
   * One IMAGE_SCAN execution per request, one task per image manifest. The operator is kept in the
   * execution, as Harbor does, for the SCANNING_* webhooks.
   */
  async start(
    artifact: ArtifactRow,
    projectName: string,
    trigger: Trigger = Trigger.Manual,
    operator = '',
  ): Promise<void> {
    const registration = await this.registrations.forProject(artifact.project_id);
    if (!registration || registration.disabled)
      throw new HarborError(HarborErrorCode.PRECONDITION, `no available scanner for project ${projectName}`);
    const images = await this.imagesOf(artifact);
    if (images.length === 0) throw HarborError.badRequest(`artifact ${artifact.digest} has nothing to scan`);
    const digests = images.map((image) => image.digest);
    if (await scanRunning(this.dataSource, digests, registration.uuid))
      throw HarborError.conflict(
        `a scan of ${artifact.repository_name}@${artifact.digest} is already running`,
      );
    await submitImageScans(this.dataSource, this.producer, {
      vendorId: artifact.id,
      trigger,
      registrationUuid: registration.uuid,
      mimeType: REPORT_MIME_TYPE,
      images,
      ...(operator ? { extraAttrs: { operator } } : {}),
    });
  }

  /** Stops the artifact's unfinished scan; 404 when none is running. */
  async stop(artifact: ArtifactRow): Promise<void> {
    const [execution] = (await this.dataSource.query(
      `SELECT id FROM execution WHERE vendor_type = 'IMAGE_SCAN' AND vendor_id = $1
          AND status IN ('Pending', 'Running') ORDER BY id DESC LIMIT 1`,
      [artifact.id],
    )) as { id: number }[];
    if (!execution) throw HarborError.notFound(`no scan of ${artifact.digest} is running`);
    await this.producer.stop(this.dataSource, execution.id);
  }

  /** The log of the task that filled a report of this artifact (or of a child, for an index). */
  async log(artifact: ArtifactRow, reportUuid: string): Promise<string> {
    const [report] = (await this.dataSource.query(
      `SELECT sr.task_id FROM scan_report sr
        WHERE sr.uuid = $1 AND (sr.digest = $2 OR sr.digest IN (
          SELECT child_digest FROM artifact_reference WHERE parent_id = $3))`,
      [reportUuid, artifact.digest, artifact.id],
    )) as { task_id: number | null }[];
    const log = report?.task_id ? await readTaskLog(this.dataSource, report.task_id) : undefined;
    if (log === undefined) throw HarborError.notFound(`report ${reportUuid} not found`);
    return log;
  }

  /** `{ "<report type>": report }` for the project's scanner; `{}` before a scan finished. */
  async vulnerabilities(artifact: ArtifactRow): Promise<Record<string, unknown>> {
    const rows = (await this.dataSource.query(VULNERABILITY_REPORTS_SQL, [artifact.id])) as {
      mime_type: string;
      report: unknown;
    }[];
    return Object.fromEntries(rows.map((row) => [row.mime_type, row.report]));
  }

  private async imagesOf(artifact: ArtifactRow): Promise<{ id: number; digest: string }[]> {
    if (!isIndex(artifact)) return [{ id: artifact.id, digest: artifact.digest }];
    return (await this.dataSource.query(
      `SELECT a.id, a.digest FROM artifact_reference ref JOIN artifact a ON a.id = ref.child_id
        WHERE ref.parent_id = $1 AND a.manifest_media_type NOT LIKE '%index%' AND a.manifest_media_type NOT LIKE '%list%'
        ORDER BY ref.id`,
      [artifact.id],
    )) as { id: number; digest: string }[];
  }
}
