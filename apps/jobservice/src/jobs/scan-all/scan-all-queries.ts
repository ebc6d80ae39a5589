import type { DataSource } from 'typeorm';

export interface ScanCandidate {
  id: number;
  digest: string;
  registration_uuid: string;
}

/**
 * The next images after `afterId` whose project has an enabled scanner (its own, else the default) and
 * that are not being scanned by it now. Indexes are not listed: their children are images of their own.
 */
export async function nextScanCandidates(
  db: DataSource,
  afterId: number,
  limit: number,
): Promise<ScanCandidate[]> {
  return (await db.query(
    `SELECT a.id, a.digest, reg.uuid AS registration_uuid
       FROM artifact a
       JOIN project p ON p.project_id = a.project_id AND NOT p.deleted
       CROSS JOIN LATERAL (SELECT r.uuid, r.disabled FROM scanner_registration r
           LEFT JOIN project_scanner ps ON ps.registration_uuid = r.uuid AND ps.project_id = a.project_id
          WHERE ps.project_id IS NOT NULL OR r.is_default ORDER BY ps.project_id IS NULL LIMIT 1) reg
      WHERE a.id > $1 AND a.type = 'IMAGE' AND NOT reg.disabled
        AND a.manifest_media_type NOT LIKE '%index%' AND a.manifest_media_type NOT LIKE '%list%'
        AND NOT EXISTS (SELECT 1 FROM scan_report sr JOIN task t ON t.id = sr.task_id
          WHERE sr.digest = a.digest AND sr.registration_uuid = reg.uuid AND t.status IN ('Pending', 'Running'))
      ORDER BY a.id LIMIT $2`,
    [afterId, limit],
  )) as ScanCandidate[];
}

/** How many scans this run started are still waiting for a worker. */
export async function pendingScans(db: DataSource, scanAllId: number): Promise<number> {
  const [row] = (await db.query(
    `SELECT count(*)::int AS n FROM execution e JOIN task t ON t.execution_id = e.id
      WHERE e.vendor_type = 'IMAGE_SCAN' AND e.extra_attrs ? 'scan_all_id'
        AND (e.extra_attrs->>'scan_all_id')::int = $1 AND t.status = 'Pending'`,
    [scanAllId],
  )) as { n: number }[];
  return row?.n ?? 0;
}

export async function executionTrigger(db: DataSource, executionId: number): Promise<string> {
  const [row] = (await db.query('SELECT trigger FROM execution WHERE id = $1', [executionId])) as {
    trigger: string;
  }[];
  if (!row) throw new Error(`execution ${executionId} no longer exists`);
  return row.trigger;
}
