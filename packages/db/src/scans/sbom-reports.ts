import { randomUUID } from 'node:crypto';
import { rowsOf, type Queryable } from '../tasks/task-status.js';
import type { ScanTarget } from './scan-reports.js';

/** The SBOM format harbor-ts asks scanners for, as Harbor does (`sbom_media_types`). */
export const SBOM_MEDIA_TYPE_SPDX = 'application/spdx+json';

/**
 * Harbor's SBOM summary, stored as the `sbom_report`'s report: when the generation ran, how it ended
 * and where the SBOM accessory is (`sbom_repository`, `sbom_digest`).
 */
export interface SbomSummary {
  start_time: string;
  end_time: string;
  duration: number;
  sbom_repository: string;
  sbom_digest: string;
  scan_status: string;
  scanner?: { name?: string; vendor?: string; version?: string };
}

/**
 * Starts an artifact's SBOM report over (Harbor's MakePlaceHolder): the previous report row of this
 * scanner and report type is replaced by a fresh one. Returns the new uuid and the summary of the row
 * it replaced (whose accessory the caller deletes).
 */
export async function replaceSbomReport(
  db: Queryable,
  key: { artifactId: number; registrationUuid: string; mimeType: string; mediaType?: string },
): Promise<{ uuid: string; previous: SbomSummary | undefined }> {
  const mediaType = key.mediaType ?? SBOM_MEDIA_TYPE_SPDX;
  const [old] = rowsOf<{ report: SbomSummary | null }>(
    await db.query(
      `DELETE FROM sbom_report WHERE artifact_id = $1 AND registration_uuid = $2 AND mime_type = $3 AND media_type = $4
       RETURNING report`,
      [key.artifactId, key.registrationUuid, key.mimeType, mediaType],
    ),
  );
  const uuid = randomUUID();
  await db.query(
    `INSERT INTO sbom_report (uuid, artifact_id, registration_uuid, mime_type, media_type) VALUES ($1, $2, $3, $4, $5)`,
    [uuid, key.artifactId, key.registrationUuid, key.mimeType, mediaType],
  );
  return { uuid, previous: old?.report ?? undefined };
}

/** Points the SBOM report at the task that fills it (its status is the task's while it runs). */
export async function attachSbomTask(db: Queryable, reportUuid: string, taskId: number): Promise<void> {
  await db.query('UPDATE sbom_report SET task_id = $2 WHERE uuid = $1', [reportUuid, taskId]);
}

/** Whether an SBOM generation of any of these artifacts by this scanner is still Pending or Running. */
export async function sbomRunning(
  db: Queryable,
  artifactIds: number[],
  registrationUuid: string,
): Promise<boolean> {
  const rows = rowsOf<unknown>(
    await db.query(
      `SELECT 1 FROM sbom_report sr JOIN task t ON t.id = sr.task_id
        WHERE sr.artifact_id = ANY($1) AND sr.registration_uuid = $2 AND t.status IN ('Pending', 'Running') LIMIT 1`,
      [artifactIds, registrationUuid],
    ),
  );
  return rows.length > 0;
}

/** The SBOM task's artifact and scanner, as `scanTarget` gives a scan's; undefined when either is gone. */
export async function sbomTarget(
  db: Queryable,
  reportUuid: string,
  artifactId: number,
): Promise<ScanTarget | undefined> {
  const [row] = rowsOf<Record<string, unknown>>(
    await db.query(
      `SELECT sr.uuid AS report_uuid, sr.mime_type, a.id, a.digest, a.manifest_media_type, a.size::bigint AS size,
              a.repository_name, a.project_id, p.name AS project_name,
              r.uuid AS registration_uuid, r.name AS registration_name, r.url, r.auth, r.access_cred, r.skip_cert_verify
         FROM sbom_report sr
         JOIN artifact a ON a.id = $2 AND a.id = sr.artifact_id
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

export async function markSbomStarted(db: Queryable, reportUuid: string): Promise<void> {
  await db.query(
    'UPDATE sbom_report SET start_time = now(), end_time = NULL, report = NULL WHERE uuid = $1',
    [reportUuid],
  );
}

/** Stores a finished generation's summary (the accessory is already in the registry). */
export async function saveSbomSummary(
  db: Queryable,
  reportUuid: string,
  summary: SbomSummary,
): Promise<void> {
  await db.query('UPDATE sbom_report SET report = $2, end_time = $3 WHERE uuid = $1', [
    reportUuid,
    JSON.stringify(summary),
    summary.end_time,
  ]);
}
