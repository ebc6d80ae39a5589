import type { EntityManager } from 'typeorm';

/**
 * Blob bookkeeping when artifacts leave the catalogue. Storage is counted once per project (project_blob),
 * so a blob's bytes return to the quota only when no artifact of that project still uses it.
 */

/** The blobs (manifest, config, layers, index children) the given manifests hold. */
export async function blobsOfManifests(manager: EntityManager, digests: string[]): Promise<string[]> {
  const rows = (await manager.query(
    'SELECT DISTINCT digest_blob FROM artifact_blob WHERE digest_af = ANY($1::varchar[])',
    [digests],
  )) as { digest_blob: string }[];
  return rows.map((row) => row.digest_blob);
}

/**
 * Call once the artifacts are deleted: drops the manifest → blob links no artifact (in any project) still
 * needs, and the project's claim on blobs none of its artifacts uses. Returns the bytes to release.
 */
export async function releaseUnusedBlobs(
  manager: EntityManager,
  projectId: number,
  manifests: string[],
  blobs: string[],
): Promise<number> {
  await manager.query(
    `DELETE FROM artifact_blob ab WHERE ab.digest_af = ANY($1::varchar[])
       AND NOT EXISTS (SELECT 1 FROM artifact a WHERE a.digest = ab.digest_af)`,
    [manifests],
  );
  if (blobs.length === 0) return 0;
  const [row] = (await manager.query(
    `WITH unused AS (
       SELECT b.id, b.size FROM blob b WHERE b.digest = ANY($2::varchar[])
          AND NOT EXISTS (SELECT 1 FROM artifact_blob ab JOIN artifact a ON a.digest = ab.digest_af
                           WHERE ab.digest_blob = b.digest AND a.project_id = $1)),
     gone AS (DELETE FROM project_blob pb USING unused WHERE pb.project_id = $1 AND pb.blob_id = unused.id RETURNING unused.size)
     SELECT COALESCE(SUM(size), 0)::bigint AS freed FROM gone`,
    [projectId, blobs],
  )) as { freed: string }[];
  return Number(row?.freed ?? 0);
}
