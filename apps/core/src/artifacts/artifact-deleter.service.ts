import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { LOGGER } from '@harbor-ts/runtime';
import type { SecurityContext } from '../auth/security-context.js';
import { CoreEvents } from '../events/core-events.js';
import { operatorOf } from '../events/operator.js';
import { QuotaService } from '../quotas/quota.service.js';
import type { ArtifactRow } from './artifact-resolver.service.js';
import { blobsOfManifests, releaseUnusedBlobs } from './project-blobs.js';
import { RegistryContent } from './registry-content.js';

interface Doomed {
  id: number;
  repository_name: string;
  digest: string;
}

/**
 * Harbor's artifact delete: the artifact, its accessories (signatures, SBOMs...) and the children of an
 * index that nothing else uses or tags; their tags, references and labels; each manifest to
 * `artifact_trash` for GC and out of the registry; storage no artifact of the project still uses back to
 * the quota.
 *
 * The catalogue changes are one transaction, and only the artifact itself leaves the registry inside it:
 * a refusal there rolls everything back with nothing gone anywhere. Its children and accessories leave
 * after the commit, parents first: nothing still listed needs them, and any the registry fails to delete
 * stay in `artifact_trash`, where GC deletes them. Deleting them inside the transaction could remove
 * some from the registry and then roll their rows back, leaving rows for manifests that are gone.
 */
@Injectable()
export class ArtifactDeleter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RegistryContent,
    private readonly quota: QuotaService,
    private readonly events: CoreEvents,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async delete(security: SecurityContext, artifact: ArtifactRow): Promise<void> {
    const { dependents, freed } = await this.dataSource.transaction(async (manager) => {
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
      await this.registry.deleteManifest(artifact.repository_name, artifact.digest);
      return { dependents: doomed.slice(1), freed };
    });
    if (freed > 0) await this.quota.release(artifact.project_id, freed);
    await this.events.emit({
      type: 'artifact.deleted',
      operator: operatorOf(security),
      projectId: artifact.project_id,
      repository: artifact.repository_name,
      digest: artifact.digest,
    });
    await this.deleteDependents(dependents);
  }

  /** In `collect` order, so an index goes before the manifests it lists; a failure is left to GC. */
  private async deleteDependents(dependents: Doomed[]): Promise<void> {
    for (const d of dependents) {
      try {
        await this.registry.deleteManifest(d.repository_name, d.digest);
      } catch (error) {
        this.logger.warn(
          { err: error, repository: d.repository_name, digest: d.digest },
          'manifest left in the registry for GC',
        );
      }
    }
  }

  /** The artifact first, then its accessories and index children that are neither tagged nor in another index. */
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
