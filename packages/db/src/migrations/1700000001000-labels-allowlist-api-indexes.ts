import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's label tables (harbor_label, label_reference) and the CVE allowlist, shaped as in Harbor's
// schema; plus the indexes the admin API's listings and search need to stay fast at Harbor's "small"
// perf dataset (100k artifacts, 100k audit rows).
export class LabelsAllowlistApiIndexes1700000001000 implements MigrationInterface {
  name = 'LabelsAllowlistApiIndexes1700000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE harbor_label (
        id serial PRIMARY KEY,
        name varchar(128) NOT NULL,
        description text NOT NULL DEFAULT '',
        color varchar(16) NOT NULL DEFAULT '',
        level char(1) NOT NULL DEFAULT 'u',
        scope char(1) NOT NULL CHECK (scope IN ('g', 'p')),
        project_id int NOT NULL DEFAULT 0,
        deleted boolean NOT NULL DEFAULT false,
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (name, scope, project_id)
      );
      CREATE INDEX harbor_label_project_id ON harbor_label (project_id);
      CREATE TABLE label_reference (
        id serial PRIMARY KEY,
        label_id int NOT NULL REFERENCES harbor_label(id) ON DELETE CASCADE,
        artifact_id int NOT NULL REFERENCES artifact(id) ON DELETE CASCADE,
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (label_id, artifact_id)
      );
      CREATE INDEX label_reference_artifact_id ON label_reference (artifact_id);
      CREATE TABLE cve_allowlist (
        id serial PRIMARY KEY,
        project_id int NOT NULL UNIQUE,
        expires_at bigint,
        items text NOT NULL DEFAULT '[]',
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX artifact_project_repository_name_push_time ON artifact (project_id, repository_name, push_time DESC, id DESC);
      CREATE INDEX artifact_repository_id ON artifact (repository_id);
      CREATE INDEX repository_project_id_name ON repository (project_id, name);
      CREATE INDEX audit_log_username ON audit_log (username);
      CREATE INDEX audit_log_resource_type_op_time ON audit_log (resource_type, op_time DESC);
      CREATE INDEX project_member_entity ON project_member (entity_type, entity_id);
      CREATE INDEX project_metadata_public ON project_metadata (name, value, project_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS artifact_project_repository_name_push_time, artifact_repository_id, repository_project_id_name,
        audit_log_username, audit_log_resource_type_op_time, project_member_entity, project_metadata_public;
      DROP TABLE IF EXISTS cve_allowlist, label_reference, harbor_label CASCADE;
    `);
  }
}
