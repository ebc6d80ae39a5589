import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's core tables, named and shaped as in Harbor's own schema so data and habits carry over.
// Times are timestamptz (Harbor uses timestamp; the API returns them as ISO strings either way).
export class InitialSchema1700000000000 implements MigrationInterface {
  name = 'InitialSchema1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE harbor_user (
        user_id serial PRIMARY KEY,
        username varchar(255) NOT NULL UNIQUE,
        email varchar(255) UNIQUE,
        password varchar(255) NOT NULL DEFAULT '',
        realname varchar(255) NOT NULL DEFAULT '',
        comment varchar(30) NOT NULL DEFAULT '',
        deleted boolean NOT NULL DEFAULT false,
        reset_uuid varchar(40),
        salt varchar(64) NOT NULL DEFAULT '',
        sysadmin_flag boolean NOT NULL DEFAULT false,
        password_version varchar(16) NOT NULL DEFAULT 'scrypt',
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE role (
        role_id int PRIMARY KEY,
        role_mask int NOT NULL DEFAULT 0,
        role_code varchar(20) NOT NULL,
        name varchar(20) NOT NULL UNIQUE
      );
      INSERT INTO role (role_id, role_code, name) VALUES
        (1, 'MDRWS', 'projectAdmin'), (2, 'RWS', 'developer'), (3, 'RS', 'guest'),
        (4, 'DRWS', 'maintainer'), (5, 'R', 'limitedGuest');
      CREATE TABLE project (
        project_id serial PRIMARY KEY,
        owner_id int NOT NULL REFERENCES harbor_user(user_id),
        name varchar(255) NOT NULL UNIQUE,
        deleted boolean NOT NULL DEFAULT false,
        registry_id int NOT NULL DEFAULT 0,
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE project_metadata (
        id serial PRIMARY KEY,
        project_id int NOT NULL REFERENCES project(project_id) ON DELETE CASCADE,
        name varchar(255) NOT NULL,
        value varchar(255),
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (project_id, name)
      );
      CREATE TABLE project_member (
        id serial PRIMARY KEY,
        project_id int NOT NULL REFERENCES project(project_id) ON DELETE CASCADE,
        entity_id int NOT NULL,
        entity_type char(1) NOT NULL CHECK (entity_type IN ('u', 'g')),
        role int NOT NULL REFERENCES role(role_id),
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (project_id, entity_id, entity_type)
      );
      CREATE TABLE robot (
        id serial PRIMARY KEY,
        name varchar(255) NOT NULL,
        description varchar(1024) NOT NULL DEFAULT '',
        project_id int NOT NULL DEFAULT 0,
        expires_at bigint NOT NULL DEFAULT -1,
        duration int NOT NULL DEFAULT -1,
        disabled boolean NOT NULL DEFAULT false,
        visible boolean NOT NULL DEFAULT true,
        secret varchar(2048) NOT NULL,
        salt varchar(64) NOT NULL,
        creator_ref int NOT NULL DEFAULT 0,
        creator_type varchar(255) NOT NULL DEFAULT '',
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (name, project_id)
      );
      CREATE TABLE permission_policy (
        id serial PRIMARY KEY,
        scope varchar(255) NOT NULL,
        resource varchar(255) NOT NULL,
        action varchar(255) NOT NULL,
        effect varchar(255) NOT NULL DEFAULT 'allow',
        creation_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (scope, resource, action, effect)
      );
      CREATE TABLE role_permission (
        id serial PRIMARY KEY,
        role_type varchar(255) NOT NULL,
        role_id int NOT NULL,
        permission_policy_id int NOT NULL REFERENCES permission_policy(id),
        creation_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (role_type, role_id, permission_policy_id)
      );
      CREATE TABLE repository (
        repository_id serial PRIMARY KEY,
        name varchar(255) NOT NULL UNIQUE,
        project_id int NOT NULL REFERENCES project(project_id),
        description text NOT NULL DEFAULT '',
        pull_count int NOT NULL DEFAULT 0,
        star_count int NOT NULL DEFAULT 0,
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX repository_project_id ON repository (project_id);
      CREATE TABLE artifact (
        id serial PRIMARY KEY,
        project_id int NOT NULL,
        repository_id int NOT NULL REFERENCES repository(repository_id) ON DELETE CASCADE,
        repository_name varchar(255) NOT NULL,
        digest varchar(255) NOT NULL,
        type varchar(255) NOT NULL,
        media_type varchar(255) NOT NULL,
        manifest_media_type varchar(255) NOT NULL,
        artifact_type varchar(255) NOT NULL DEFAULT '',
        size bigint NOT NULL DEFAULT 0,
        icon varchar(255) NOT NULL DEFAULT '',
        extra_attrs text NOT NULL DEFAULT '{}',
        annotations jsonb,
        push_time timestamptz NOT NULL DEFAULT now(),
        pull_time timestamptz,
        UNIQUE (repository_id, digest)
      );
      CREATE INDEX artifact_digest ON artifact (digest);
      CREATE INDEX artifact_repository_push_time ON artifact (repository_id, push_time DESC);
      CREATE TABLE tag (
        id serial PRIMARY KEY,
        repository_id int NOT NULL REFERENCES repository(repository_id) ON DELETE CASCADE,
        artifact_id int NOT NULL REFERENCES artifact(id) ON DELETE CASCADE,
        name varchar(255) NOT NULL,
        push_time timestamptz NOT NULL DEFAULT now(),
        pull_time timestamptz,
        UNIQUE (repository_id, name)
      );
      CREATE INDEX tag_artifact_id ON tag (artifact_id);
      CREATE TABLE artifact_reference (
        id serial PRIMARY KEY,
        parent_id int NOT NULL REFERENCES artifact(id) ON DELETE CASCADE,
        child_id int NOT NULL REFERENCES artifact(id),
        child_digest varchar(255) NOT NULL,
        platform varchar(255),
        urls varchar(1024),
        annotations jsonb,
        UNIQUE (parent_id, child_id)
      );
      CREATE INDEX artifact_reference_child_id ON artifact_reference (child_id);
      CREATE TABLE artifact_accessory (
        id serial PRIMARY KEY,
        artifact_id int NOT NULL REFERENCES artifact(id) ON DELETE CASCADE,
        subject_artifact_id int,
        subject_artifact_repo varchar(255) NOT NULL,
        subject_artifact_digest varchar(255) NOT NULL,
        type varchar(256) NOT NULL,
        size bigint NOT NULL DEFAULT 0,
        digest varchar(1024) NOT NULL,
        creation_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (artifact_id, subject_artifact_repo, subject_artifact_digest)
      );
      CREATE TABLE artifact_trash (
        id serial PRIMARY KEY,
        media_type varchar(255) NOT NULL,
        manifest_media_type varchar(255) NOT NULL,
        repository_name varchar(255) NOT NULL,
        digest varchar(255) NOT NULL,
        creation_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (repository_name, digest)
      );
      CREATE TABLE blob (
        id serial PRIMARY KEY,
        digest varchar(255) NOT NULL UNIQUE,
        content_type varchar(1024) NOT NULL DEFAULT '',
        size bigint NOT NULL,
        status varchar(255) NOT NULL DEFAULT 'none',
        version bigint NOT NULL DEFAULT 0,
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE artifact_blob (
        id serial PRIMARY KEY,
        digest_af varchar(255) NOT NULL,
        digest_blob varchar(255) NOT NULL,
        creation_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (digest_af, digest_blob)
      );
      CREATE INDEX artifact_blob_digest_blob ON artifact_blob (digest_blob);
      CREATE TABLE project_blob (
        id serial PRIMARY KEY,
        project_id int NOT NULL,
        blob_id int NOT NULL REFERENCES blob(id) ON DELETE CASCADE,
        creation_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (project_id, blob_id)
      );
      CREATE TABLE quota (
        id serial PRIMARY KEY,
        reference varchar(255) NOT NULL,
        reference_id varchar(255) NOT NULL,
        hard jsonb NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (reference, reference_id)
      );
      CREATE TABLE quota_usage (
        id serial PRIMARY KEY,
        reference varchar(255) NOT NULL,
        reference_id varchar(255) NOT NULL,
        used jsonb NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now(),
        UNIQUE (reference, reference_id)
      );
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        project_id int NOT NULL DEFAULT 0,
        operation varchar(255) NOT NULL,
        resource_type varchar(255) NOT NULL,
        resource varchar(1024) NOT NULL,
        username varchar(255) NOT NULL,
        op_time timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_log_op_time ON audit_log (op_time DESC);
      CREATE INDEX audit_log_project_id_op_time ON audit_log (project_id, op_time DESC);
      CREATE TABLE properties (
        id serial PRIMARY KEY,
        k varchar(64) NOT NULL UNIQUE,
        v text NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS properties, audit_log, quota_usage, quota, project_blob, artifact_blob, blob,
        artifact_trash, artifact_accessory, artifact_reference, tag, artifact, repository, role_permission,
        permission_policy, robot, project_member, project_metadata, project, role, harbor_user CASCADE;
    `);
  }
}
