import type { EntityManager } from 'typeorm';
import { blobsOfManifests, releaseUnusedBlobs } from './project-blobs.js';

export interface DeletedArtifact {
  id: number;
  project_id: number;
  repository_name: string;
  digest: string;
}

/** A root to delete is listed by an index that is not being deleted with it: deleting it would break the index. */
export class ArtifactReferencedError extends Error {
  constructor(readonly artifactId: number) {
    super(`artifact ${artifactId} is referenced by an index`);
    this.name = 'ArtifactReferencedError';
  }
}

/**
 * Harbor's artifact delete, in the catalogue only (the caller's transaction; no registry call): the roots,
 * their accessories (signatures, SBOMs...) and the index children that nothing else tags or lists; their
 * tags, labels and references; each manifest into `artifact_trash` for GC; each project's claim on blobs
 * none of its artifacts uses any more. `deleted` lists roots first, then each level of dependents, so a
 * parent comes before what it lists. `freedByProject`: bytes the caller gives back to each quota
 * (`releaseQuota`). Roots that do not exist are skipped.
 */
export async function deleteArtifactsDeep(
  manager: EntityManager,
  rootIds: number[],
): Promise<{ deleted: DeletedArtifact[]; freedByProject: Map<number, number> }> {
  // Row locks keep a concurrent push from tagging or indexing what is being deleted.
  const roots = (await manager.query(
    `SELECT id, project_id, repository_name, digest FROM artifact WHERE id = ANY($1::int[]) ORDER BY array_position($1::int[], id) FOR UPDATE`,
    [rootIds],
  )) as DeletedArtifact[];
  const [referenced] = (await manager.query(
    `SELECT child_id FROM artifact_reference WHERE child_id = ANY($1::int[]) AND parent_id <> ALL($1::int[]) LIMIT 1`,
    [roots.map((r) => r.id)],
  )) as { child_id: number }[];
  if (referenced) throw new ArtifactReferencedError(referenced.child_id);
  const deleted = await collect(manager, roots);
  const freedByProject = new Map<number, number>();
  if (deleted.length === 0) return { deleted, freedByProject };
  // Each project's blobs are read before any row goes: the links they are read from go with the rows.
  const byProject = new Map<number, { manifests: string[]; blobs: string[] }>();
  for (const [projectId, manifests] of groupDigests(deleted))
    byProject.set(projectId, { manifests, blobs: await blobsOfManifests(manager, manifests) });
  const ids = deleted.map((d) => d.id);
  await manager.query(
    `INSERT INTO artifact_trash (media_type, manifest_media_type, repository_name, digest)
     SELECT media_type, manifest_media_type, repository_name, digest FROM artifact WHERE id = ANY($1::int[])
     ON CONFLICT (repository_name, digest) DO NOTHING`,
    [ids],
  );
  // Tags, labels and accessory rows cascade with the artifact; a child reference does not.
  await manager.query(
    'DELETE FROM artifact_reference WHERE parent_id = ANY($1::int[]) OR child_id = ANY($1::int[])',
    [ids],
  );
  await manager.query('DELETE FROM artifact WHERE id = ANY($1::int[])', [ids]);
  for (const [projectId, { manifests, blobs }] of byProject)
    freedByProject.set(projectId, await releaseUnusedBlobs(manager, projectId, manifests, blobs));
  return { deleted, freedByProject };
}

/** The roots, then level by level their accessories and the index children neither tagged nor in another index. */
async function collect(manager: EntityManager, roots: DeletedArtifact[]): Promise<DeletedArtifact[]> {
  const doomed = new Map<number, DeletedArtifact>(roots.map((r) => [r.id, r]));
  let frontier = roots.map((r) => r.id);
  while (frontier.length > 0) {
    const taken = [...doomed.keys()];
    const next = (await manager.query(
      `SELECT a.id, a.project_id, a.repository_name, a.digest FROM artifact a
        WHERE a.id <> ALL($2::int[]) AND (
          a.id IN (SELECT acc.artifact_id FROM artifact_accessory acc JOIN artifact s
                     ON s.repository_name = acc.subject_artifact_repo AND s.digest = acc.subject_artifact_digest
                    WHERE s.id = ANY($1::int[]))
          OR (a.id IN (SELECT child_id FROM artifact_reference WHERE parent_id = ANY($1::int[]))
              AND NOT EXISTS (SELECT 1 FROM tag t WHERE t.artifact_id = a.id)
              AND NOT EXISTS (SELECT 1 FROM artifact_reference r WHERE r.child_id = a.id AND r.parent_id <> ALL($2::int[]))))
        ORDER BY a.id`,
      [frontier, taken],
    )) as DeletedArtifact[];
    for (const d of next) doomed.set(d.id, d);
    frontier = next.map((d) => d.id);
  }
  return [...doomed.values()];
}

function groupDigests(artifacts: DeletedArtifact[]): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const a of artifacts) groups.set(a.project_id, [...(groups.get(a.project_id) ?? []), a.digest]);
  return groups;
}
