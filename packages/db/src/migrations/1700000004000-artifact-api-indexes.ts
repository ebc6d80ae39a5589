import type { MigrationInterface, QueryRunner } from 'typeorm';

// The artifact API reads accessories by their subject (repository + digest) for a page of artifacts, and
// pages one artifact's tags newest first; without these, both scan the whole table (100k artifacts,
// 5,000 tags on one artifact in Harbor's perf dataset).
export class ArtifactApiIndexes1700000004000 implements MigrationInterface {
  name = 'ArtifactApiIndexes1700000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX artifact_accessory_subject ON artifact_accessory (subject_artifact_repo, subject_artifact_digest);
      CREATE INDEX tag_artifact_id_push_time ON tag (artifact_id, push_time DESC, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS artifact_accessory_subject, tag_artifact_id_push_time');
  }
}
