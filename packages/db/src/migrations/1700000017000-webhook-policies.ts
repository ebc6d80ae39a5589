import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's notification_policy: a project's webhook policies. `targets` and `event_types` are JSON
// text as Harbor stores them; a target's auth_header is sealed with the instance's secret key before
// it is written (never plain). A policy's name is unique within its project (Harbor's 409).
export class WebhookPolicies1700000017000 implements MigrationInterface {
  name = 'WebhookPolicies1700000017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_policy (
        id SERIAL PRIMARY KEY,
        name varchar(256) NOT NULL,
        project_id int NOT NULL REFERENCES project(project_id) ON DELETE CASCADE,
        enabled boolean NOT NULL DEFAULT true,
        description text NOT NULL DEFAULT '',
        targets text NOT NULL DEFAULT '[]',
        event_types text NOT NULL DEFAULT '[]',
        creator varchar(256) NOT NULL DEFAULT '',
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT unique_project_id UNIQUE (name, project_id)
      )`);
    await q.query(`CREATE INDEX notification_policy_project ON notification_policy (project_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_policy`);
  }
}
