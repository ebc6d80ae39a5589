import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CoreEvents } from '../events/core-events.js';
import { QuotaService } from '../quotas/quota.service.js';
import { blobsOfManifests, releaseUnusedBlobs } from './project-blobs.js';

/**
 * Keeps the catalogue in step with manifest and tag deletes made through /v2 (docker, skopeo, crane).
 * A deleted artifact goes to artifact_trash, as in Harbor, so garbage collection can free its blobs.
 * Each delete the catalogue had recorded is an event naming the caller.
 */
@Injectable()
export class DeleteRecorder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly quota: QuotaService,
    private readonly events: CoreEvents,
  ) {}

  /** An index still lists this manifest: deleting it alone would break the index. */
  async isReferencedByIndex(repository: string, digest: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM artifact_reference ref JOIN artifact child ON child.id = ref.child_id
       WHERE child.repository_name = $1 AND child.digest = $2 LIMIT 1`,
      [repository, digest],
    );
    return rows.length > 0;
  }

  /** As an API delete does: to the trash, and the storage no artifact of the project still uses back to the quota. */
  async manifestDeleted(repository: string, digest: string, operator: string): Promise<void> {
    const freed = await this.dataSource.transaction(async (manager) => {
      const [gone] = (await manager.query(
        `WITH gone AS (DELETE FROM artifact WHERE repository_name = $1 AND digest = $2
                       RETURNING project_id, media_type, manifest_media_type, repository_name, digest),
              trashed AS (INSERT INTO artifact_trash (media_type, manifest_media_type, repository_name, digest)
                          SELECT media_type, manifest_media_type, repository_name, digest FROM gone
                          ON CONFLICT (repository_name, digest) DO NOTHING)
         SELECT project_id FROM gone`,
        [repository, digest],
      )) as { project_id: number }[];
      if (!gone) return { projectId: 0, bytes: 0 };
      const blobs = await blobsOfManifests(manager, [digest]);
      return {
        projectId: gone.project_id,
        bytes: await releaseUnusedBlobs(manager, gone.project_id, [digest], blobs),
      };
    });
    if (freed.bytes > 0) await this.quota.release(freed.projectId, freed.bytes);
    if (freed.projectId)
      await this.events.emit({
        type: 'artifact.deleted',
        operator,
        projectId: freed.projectId,
        repository,
        digest,
      });
  }

  async tagDeleted(repository: string, tag: string, operator: string): Promise<void> {
    const [deleted] = (await this.dataSource.query(
      `DELETE FROM tag USING repository WHERE tag.repository_id = repository.repository_id
       AND repository.name = $1 AND tag.name = $2 RETURNING repository.project_id`,
      [repository, tag],
    )) as [{ project_id: number }[], number];
    const [row] = deleted;
    if (row)
      await this.events.emit({
        type: 'tag.deleted',
        operator,
        projectId: row.project_id,
        repository,
        tag,
        viaRegistry: true,
      });
  }
}
