import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * Keeps the catalogue in step with manifest and tag deletes made through /v2 (docker, skopeo, crane).
 * A deleted artifact goes to artifact_trash, as in Harbor, so garbage collection can free its blobs.
 */
@Injectable()
export class DeleteRecorder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** An index still lists this manifest: deleting it alone would break the index. */
  async isReferencedByIndex(repository: string, digest: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM artifact_reference ref JOIN artifact child ON child.id = ref.child_id
       WHERE child.repository_name = $1 AND child.digest = $2 LIMIT 1`,
      [repository, digest],
    );
    return rows.length > 0;
  }

  async manifestDeleted(repository: string, digest: string): Promise<void> {
    await this.dataSource.query(
      `WITH gone AS (DELETE FROM artifact WHERE repository_name = $1 AND digest = $2
                     RETURNING media_type, manifest_media_type, repository_name, digest)
       INSERT INTO artifact_trash (media_type, manifest_media_type, repository_name, digest)
       SELECT media_type, manifest_media_type, repository_name, digest FROM gone
       ON CONFLICT (repository_name, digest) DO NOTHING`,
      [repository, digest],
    );
  }

  async tagDeleted(repository: string, tag: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM tag USING repository WHERE tag.repository_id = repository.repository_id
       AND repository.name = $1 AND tag.name = $2`,
      [repository, tag],
    );
  }
}
