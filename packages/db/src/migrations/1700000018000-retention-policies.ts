import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's retention_policy: a tag retention policy, its JSON (rules, trigger, scope) in `data`, and the
// scope and trigger kind beside it. Harbor allows one policy per project (its id is the project's
// `retention_id` metadata); the partial unique index makes that hold under concurrent creates too.
export class RetentionPolicies1700000018000 implements MigrationInterface {
  name = 'RetentionPolicies1700000018000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE retention_policy (
        id SERIAL PRIMARY KEY,
        scope_level varchar(20) NOT NULL,
        scope_reference int NOT NULL,
        trigger_kind varchar(20) NOT NULL,
        data text NOT NULL,
        create_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX retention_policy_project ON retention_policy (scope_reference) WHERE scope_level = 'project'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retention_policy`);
  }
}
