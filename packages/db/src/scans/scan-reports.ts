import { randomUUID } from 'node:crypto';
import { rowsOf, type Queryable } from '../tasks/task-status.js';
import { indexReportVulnerabilities } from './vulnerability-records.js';

/** What a scan task needs to know about its artifact, project and scanner. */
export interface ScanTarget {
  reportUuid: string;
  mimeType: string;
  artifact: {
    id: number;
    digest: string;
    manifestMediaType: string;
    size: number;
    repositoryName: string;
    projectId: number;
    projectName: string;
  };
  registration: {
    uuid: string;
    name: string;
    url: string;
    auth: string;
    /** Sealed with the instance's secret key; null without credentials. */
    sealedCredential: string | null;
    skipCertVerify: boolean;
  };
}

/** A finished scan's outcome, as stored. */
export interface ScanOutcome {
  scanner: { name?: string; vendor?: string; version?: string };
  severity: string;
  /** Count per severity (`Critical`, `High`, ...). */
  summary: Record<string, number>;
  fixable: number;
  total: number;
  report: unknown;
}

/**
 * The report row for one artifact digest, scanner and report type: made on the first scan, reused
 * by the next (its counts stay until the new scan replaces them). Returns its uuid.
 */
export async function prepareScanReport(
  db: Queryable,
  key: { digest: string; registrationUuid: string; mimeType: string },
): Promise<string> {
  const [row] = rowsOf<{ uuid: string }>(
    await db.query(
      `INSERT INTO scan_report (uuid, digest, registration_uuid, mime_type) VALUES ($1, $2, $3, $4)
       ON CONFLICT (digest, registration_uuid, mime_type) DO UPDATE SET digest = EXCLUDED.digest
       RETURNING uuid`,
      [randomUUID(), key.digest, key.registrationUuid, key.mimeType],
    ),
  );
  return row!.uuid;
}

/** Points the report at the task that fills it now (its status is the task's). */
export async function attachScanTask(db: Queryable, reportUuid: string, taskId: number): Promise<void> {
  await db.query('UPDATE scan_report SET task_id = $2 WHERE uuid = $1', [reportUuid, taskId]);
}

/** The task's artifact and scanner; undefined when either was deleted since the scan was asked for. */
export async function scanTarget(
  db: Queryable,
  reportUuid: string,
  artifactId: number,
): Promise<ScanTarget | undefined> {
  const [row] = rowsOf<Record<string, unknown>>(
    await db.query(
      `SELECT sr.uuid AS report_uuid, sr.mime_type, a.id, a.digest, a.manifest_media_type, a.size::bigint AS size,
              a.repository_name, a.project_id, p.name AS project_name,
              r.uuid AS registration_uuid, r.name AS registration_name, r.url, r.auth, r.access_cred, r.skip_cert_verify
         FROM scan_report sr
         JOIN artifact a ON a.id = $2 AND a.digest = sr.digest
         JOIN project p ON p.project_id = a.project_id
         JOIN scanner_registration r ON r.uuid = sr.registration_uuid
        WHERE sr.uuid = $1`,
      [reportUuid, artifactId],
    ),
  );
  if (!row) return undefined;
  return {
    reportUuid: String(row.report_uuid),
    mimeType: String(row.mime_type),
    artifact: {
      id: Number(row.id),
      digest: String(row.digest),
      manifestMediaType: String(row.manifest_media_type),
      size: Number(row.size),
      repositoryName: String(row.repository_name),
      projectId: Number(row.project_id),
      projectName: String(row.project_name),
    },
    registration: {
      uuid: String(row.registration_uuid),
      name: String(row.registration_name),
      url: String(row.url),
      auth: String(row.auth),
      sealedCredential: (row.access_cred as string | null) ?? null,
      skipCertVerify: Boolean(row.skip_cert_verify),
    },
  };
}

export async function markScanStarted(db: Queryable, reportUuid: string): Promise<void> {
  await db.query('UPDATE scan_report SET start_time = now(), end_time = NULL WHERE uuid = $1', [reportUuid]);
}

/** Stores a finished scan's report and counts, and indexes its findings; run it in one transaction. */
export async function saveScanOutcome(
  db: Queryable,
  reportUuid: string,
  outcome: ScanOutcome,
): Promise<void> {
  await db.query(
    `UPDATE scan_report SET scanner = $2, severity = $3, summary = $4, fixable_cnt = $5, total_cnt = $6,
            report = $7, end_time = now()
      WHERE uuid = $1`,
    [
      reportUuid,
      JSON.stringify(outcome.scanner),
      outcome.severity,
      JSON.stringify(outcome.summary),
      outcome.fixable,
      outcome.total,
      JSON.stringify(outcome.report),
    ],
  );
  await indexReportVulnerabilities(db, reportUuid);
}

/** Whether a scan of any of these digests by this scanner is still Pending or Running. */
export async function scanRunning(
  db: Queryable,
  digests: string[],
  registrationUuid: string,
): Promise<boolean> {
  const rows = rowsOf<unknown>(
    await db.query(
      `SELECT 1 FROM scan_report sr JOIN task t ON t.id = sr.task_id
        WHERE sr.digest = ANY($1) AND sr.registration_uuid = $2 AND t.status IN ('Pending', 'Running') LIMIT 1`,
      [digests, registrationUuid],
    ),
  );
  return rows.length > 0;
}
