import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { QuotaService } from '../quotas/quota.service.js';
import type { ArtifactRow } from './artifact-resolver.service.js';
import { blobsOfManifests, releaseUnusedBlobs } from './project-blobs.js';
import { RegistryManifests } from './registry-manifests.js';

interface Doomed {
  id: number;
  repository_name: string;
  digest: string;
}

/**
 * Harbor's artifact delete: the artifact, its accessories (signatures, SBOMs...) and the children of an
 * index that nothing else uses or tags; their tags, references and labels; each manifest to
 * `artifact_trash` for GC and out of the registry; storage no artifact of the project still uses back to
 * the quota. All catalogue changes are one transaction, committed only once the registry agreed.
 */
@Injectable()
export class ArtifactDeleter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RegistryManifests,
    private readonly quota: QuotaService,
  ) {}

  async delete(artifact: ArtifactRow): Promise<void> {
    const freed = await this.dataSource.transaction(async (manager) => {
      // Row locks keep a concurrent push from tagging or indexing what is being deleted.
      await manager.query('SELECT id FROM artifact WHERE id = $1 FOR UPDATE', [artifact.id]);
      const [parent] = (await manager.query('SELECT 1 FROM artifact_reference WHERE child_id = $1 LIMIT 1', [
        artifact.id,
      ])) as unknown[];
      if (parent)
        throw new HarborError(
          HarborErrorCode.VIOLATE_FOREIGN_KEY_CONSTRAINT,
          'the deleting artifact is referenced by others',
        );
      const doomed = await this.collect(manager, artifact);
      const ids = doomed.map((d) => d.id);
      const digests = doomed.map((d) => d.digest);
      const blobs = await blobsOfManifests(manager, digests);
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
      const freed = await releaseUnusedBlobs(manager, artifact.project_id, digests, blobs);
      // Parents before children, as an index must go before the manifests it lists.
      for (const d of doomed) await this.registry.delete(d.repository_name, d.digest);
      return freed;
    });
    if (freed > 0) await this.quota.release(artifact.project_id, freed);
  }

  /** The artifact, its accessories, and index children that are neither tagged nor in another index. */
  private async collect(manager: EntityManager, root: ArtifactRow): Promise<Doomed[]> {
    const doomed = new Map<number, Doomed>([[root.id, root]]);
    let frontier = [root.id];
    while (frontier.length > 0) {
      const taken = [...doomed.keys()];
      const next = (await manager.query(
        `SELECT a.id, a.repository_name, a.digest FROM artifact a
          WHERE a.id <> ALL($2::int[]) AND (
            a.id IN (SELECT acc.artifact_id FROM artifact_accessory acc JOIN artifact s
                       ON s.repository_name = acc.subject_artifact_repo AND s.digest = acc.subject_artifact_digest
                      WHERE s.id = ANY($1::int[]))
            OR (a.id IN (SELECT child_id FROM artifact_reference WHERE parent_id = ANY($1::int[]))
                AND NOT EXISTS (SELECT 1 FROM tag t WHERE t.artifact_id = a.id)
                AND NOT EXISTS (SELECT 1 FROM artifact_reference r WHERE r.child_id = a.id AND r.parent_id <> ALL($2::int[]))))`,
        [frontier, taken],
      )) as Doomed[];
      for (const d of next) doomed.set(d.id, d);
      frontier = next.map((d) => d.id);
    }
    return [...doomed.values()];
  }
}
