import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { ArtifactReferencedError, deleteArtifactsDeep, type DeletedArtifact } from '@harbor-ts/db';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { LOGGER } from '@harbor-ts/runtime';
import type { SecurityContext } from '../auth/security-context.js';
import { CoreEvents } from '../events/core-events.js';
import { operatorOf } from '../events/operator.js';
import { refuseImmutableTagDeletion } from '../immutable-tags/immutable-tag-check.js';
import { QuotaService } from '../quotas/quota.service.js';
import type { ArtifactRow } from './artifact-resolver.service.js';
import { RegistryContent } from './registry-content.js';

type Deletion = Awaited<ReturnType<typeof deleteArtifactsDeep>>;

/**
 * Harbor's artifact delete, the same for the API and for `/v2`: the artifact, its accessories (signatures,
 * SBOMs...) and the index children nothing else uses or tags leave the catalogue in one transaction
 * (`deleteArtifactsDeep`), then the quota gets back what the project no longer stores.
 *
 * Through the API only the artifact itself leaves the registry inside the transaction: a refusal there
 * rolls everything back with nothing gone anywhere. Through `/v2` the registry has already deleted it.
 * Either way its children and accessories leave the registry after the commit, parents first: nothing
 * still listed needs them, and any the registry fails to delete stay in `artifact_trash`, where GC
 * deletes them. Deleting them inside the transaction could remove some from the registry and then roll
 * their rows back, leaving rows for manifests that are gone.
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

  /** The API's delete. */
  async delete(security: SecurityContext, artifact: ArtifactRow): Promise<void> {
    const deletion = await this.dataSource.transaction(async (manager) => {
      await refuseImmutableTagDeletion(manager, { artifactId: artifact.id });
      const deletion = await this.deleteRows(manager, artifact.id);
      await this.registry.deleteManifest(artifact.repository_name, artifact.digest);
      return deletion;
    });
    await this.finish(deletion, operatorOf(security));
  }

  /** A manifest the registry deleted through `/v2`; nothing when the catalogue never had it. */
  async deletedInRegistry(repository: string, digest: string, operator: string): Promise<void> {
    const deletion = await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        'SELECT id FROM artifact WHERE repository_name = $1 AND digest = $2',
        [repository, digest],
      )) as { id: number }[];
      return row ? this.deleteRows(manager, row.id) : undefined;
    });
    if (deletion) await this.finish(deletion, operator);
  }

  private async deleteRows(manager: EntityManager, artifactId: number): Promise<Deletion> {
    try {
      return await deleteArtifactsDeep(manager, [artifactId]);
    } catch (error) {
      if (error instanceof ArtifactReferencedError)
        throw new HarborError(
          HarborErrorCode.VIOLATE_FOREIGN_KEY_CONSTRAINT,
          'the deleting artifact is referenced by others',
        );
      throw error;
    }
  }

  private async finish({ deleted, freedByProject }: Deletion, operator: string): Promise<void> {
    for (const [projectId, bytes] of freedByProject)
      if (bytes > 0) await this.quota.release(projectId, bytes);
    const [root, ...dependents] = deleted;
    if (root) {
      const { project_id: projectId, repository_name: repository, digest } = root;
      await this.events.emit({ type: 'artifact.deleted', operator, projectId, repository, digest });
    }
    await this.deleteDependents(dependents);
  }

  /** In `deleteArtifactsDeep` order, so an index goes before the manifests it lists; a failure is left to GC. */
  private async deleteDependents(dependents: DeletedArtifact[]): Promise<void> {
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
}
