import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's registry and replication_policy tables, with the columns Harbor 2.x has today.
// `registry.access_secret` is sealed with the instance's secret key (SecretBox, "v1:...") before it is
// written, never plain. A replication policy's `trigger` and `filters` are JSON text as Harbor stores
// them. Executions and tasks of a policy use the shared execution/task tables (vendor_type REPLICATION,
// vendor_id = policy id). A registry still referenced by a policy or a proxy-cache project cannot be
// deleted (checked by core, Harbor's 412), so no foreign keys tie them here.
export class Replication1700000019000 implements MigrationInterface {
  name = 'Replication1700000019000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE registry (
        id SERIAL PRIMARY KEY,
        name varchar(64) NOT NULL,
        url varchar(256) NOT NULL,
        credential_type varchar(16) NOT NULL DEFAULT '',
        access_key varchar(255) NOT NULL DEFAULT '',
        access_secret varchar(4096) NOT NULL DEFAULT '',
        type varchar(32) NOT NULL,
        insecure boolean NOT NULL DEFAULT false,
        description varchar(1024) NOT NULL DEFAULT '',
        health varchar(16) NOT NULL DEFAULT '',
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT unique_registry_name UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE replication_policy (
        id SERIAL PRIMARY KEY,
        name varchar(256) NOT NULL,
        description text NOT NULL DEFAULT '',
        creator varchar(256) NOT NULL DEFAULT '',
        src_registry_id int,
        dest_registry_id int,
        dest_namespace varchar(256) NOT NULL DEFAULT '',
        dest_namespace_replace_count int NOT NULL DEFAULT -1,
        trigger text NOT NULL DEFAULT '',
        filters text NOT NULL DEFAULT '[]',
        replicate_deletion boolean NOT NULL DEFAULT false,
        override boolean NOT NULL DEFAULT true,
        enabled boolean NOT NULL DEFAULT true,
        speed_kb int NOT NULL DEFAULT 0,
        copy_by_chunk boolean NOT NULL DEFAULT false,
        single_active_replication boolean NOT NULL DEFAULT false,
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT unique_policy_name UNIQUE (name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE replication_policy`);
    await q.query(`DROP TABLE registry`);
  }
}
