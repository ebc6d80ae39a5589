import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's immutable_tag_rule: one row per rule of a project, the rule itself (selectors, action,
// template) as JSON in tag_filter, and `disabled` beside it. Harbor refuses a second rule with the same
// JSON in a project (409), so (project_id, tag_filter) is unique. The index also serves the per-project
// reads every tag delete and manifest push makes.
export class ImmutableTagRules1700000016000 implements MigrationInterface {
  name = 'ImmutableTagRules1700000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE immutable_tag_rule (
        id SERIAL PRIMARY KEY,
        project_id int NOT NULL REFERENCES project(project_id) ON DELETE CASCADE,
        tag_filter text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        creation_time timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT immutable_tag_rule_project_filter UNIQUE (project_id, tag_filter)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE immutable_tag_rule`);
  }
}
