import type { EntityManager } from 'typeorm';

/** Gives `bytes` of a project's storage usage back (a push that did not complete, deleted artifacts, GC); never below 0. */
export async function releaseQuota(manager: EntityManager, projectId: number, bytes: number): Promise<void> {
  if (!Number.isSafeInteger(bytes) || bytes < 0)
    throw new Error(`releaseQuota: bytes must be a non-negative integer, got ${bytes}`);
  await manager.query(
    `UPDATE quota_usage SET used = jsonb_set(used, '{storage}', to_jsonb(GREATEST(COALESCE((used->>'storage')::bigint, 0) - $2::bigint, 0))),
            version = version + 1, update_time = now()
      WHERE reference = 'project' AND reference_id = $1`,
    [String(projectId), bytes],
  );
}
