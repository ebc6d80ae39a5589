import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { readTaskLog, scanRunning, Trigger } from '@harbor-ts/db';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { JobProducer, submitImageScans } from '@harbor-ts/jobs';
import { ScannerMimeTypes } from '@harbor-ts/scanner-client';
import type { ArtifactRow } from '../artifacts/artifact-resolver.service.js';
import { ScannerRegistrationsService } from '../scanners/scanner-registrations.service.js';
import { imagesOf } from './scan-images.js';
import { VULNERABILITY_REPORTS_SQL } from './scan-overview.js';

/** The report type harbor-ts asks scanners for (Harbor's generic vulnerability report). */
export const REPORT_MIME_TYPE = ScannerMimeTypes.genericVulnerabilityReport;

export { isIndex } from './scan-images.js';

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
    const images = await imagesOf(this.dataSource, artifact);
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
          AND COALESCE(extra_attrs->'enabled_capabilities'->>'type', 'vulnerability') = 'vulnerability'
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
}
