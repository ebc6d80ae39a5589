import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CoreEvents } from '../events/core-events.js';
import { ArtifactDeleter } from './artifact-deleter.service.js';

/**
 * Keeps the catalogue in step with manifest and tag deletes made through /v2 (docker, skopeo, crane).
 * A manifest delete is the API's delete (accessories and untagged children go too, manifests to
 * artifact_trash for GC); each delete the catalogue had recorded is an event naming the caller.
 */
@Injectable()
export class DeleteRecorder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deleter: ArtifactDeleter,
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

  async manifestDeleted(repository: string, digest: string, operator: string): Promise<void> {
    await this.deleter.deletedInRegistry(repository, digest, operator);
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
