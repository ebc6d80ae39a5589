import { rowsOf, type Queryable } from '../tasks/task-status.js';

export interface TrashedManifest {
  id: number;
  repositoryName: string;
  digest: string;
}

/**
 * Deleted artifacts' manifests (`artifact_trash`) older than the window whose repository has no
 * artifact of that digest again: their revisions can leave storage.
 */
export async function trashedManifests(db: Queryable, olderThanHours: number): Promise<TrashedManifest[]> {
  const rows = rowsOf<{ id: number; repository_name: string; digest: string }>(
    await db.query(
      `SELECT t.id, t.repository_name, t.digest FROM artifact_trash t
        WHERE t.creation_time <= now() - make_interval(hours => $1)
          AND NOT EXISTS (SELECT 1 FROM artifact a WHERE a.repository_name = t.repository_name AND a.digest = t.digest)
        ORDER BY t.id`,
      [olderThanHours],
    ),
  );
  return rows.map((r) => ({ id: r.id, repositoryName: r.repository_name, digest: r.digest }));
}

export async function deleteTrashRows(db: Queryable, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.query('DELETE FROM artifact_trash WHERE id = ANY($1::int[])', [ids]);
}
