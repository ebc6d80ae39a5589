import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's execution/task model (make/migrations 0040/0050), plus job_log: Harbor keeps job logs in
// files or a table; a table lets core serve a log that jobservice wrote in another container.
// One row per flushed chunk, so appending never rewrites a growing text value.
export class Jobs1700000006000 implements MigrationInterface {
  name = 'Jobs1700000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE execution (
        id serial PRIMARY KEY,
        vendor_type varchar(64) NOT NULL,
        vendor_id int NOT NULL DEFAULT -1,
        status varchar(16) NOT NULL,
        status_message text,
        trigger varchar(16) NOT NULL,
        extra_attrs jsonb NOT NULL DEFAULT '{}',
        start_time timestamptz NOT NULL DEFAULT now(),
        end_time timestamptz,
        update_time timestamptz NOT NULL DEFAULT now(),
        revision int NOT NULL DEFAULT 0
      );
      CREATE INDEX execution_vendor ON execution (vendor_type, vendor_id, id DESC);
      CREATE TABLE task (
        id serial PRIMARY KEY,
        execution_id int NOT NULL REFERENCES execution(id) ON DELETE CASCADE,
        vendor_type varchar(64) NOT NULL,
        job_id varchar(64),
        status varchar(16) NOT NULL,
        status_code int NOT NULL,
        status_revision bigint NOT NULL DEFAULT 0,
        status_message text,
        run_count int NOT NULL DEFAULT 0,
        extra_attrs jsonb NOT NULL DEFAULT '{}',
        creation_time timestamptz NOT NULL DEFAULT now(),
        start_time timestamptz,
        update_time timestamptz NOT NULL DEFAULT now(),
        end_time timestamptz
      );
      CREATE INDEX task_execution_id ON task (execution_id);
      CREATE INDEX task_job_id ON task (job_id);
      -- The sweeper and the reaper look only at unfinished tasks; keep that index small.
      CREATE INDEX task_unfinished ON task (status, update_time) WHERE status IN ('Pending', 'Running');
      CREATE TABLE job_log (
        id bigserial PRIMARY KEY,
        task_id int NOT NULL REFERENCES task(id) ON DELETE CASCADE,
        creation_time timestamptz NOT NULL DEFAULT now(),
        content text NOT NULL
      );
      CREATE INDEX job_log_task_id ON job_log (task_id, id);
      CREATE TABLE schedule (
        id serial PRIMARY KEY,
        vendor_type varchar(64) NOT NULL,
        vendor_id int NOT NULL DEFAULT -1,
        cron varchar(64) NOT NULL,
        cron_type varchar(64) NOT NULL,
        callback_func_name varchar(128) NOT NULL,
        callback_func_param text NOT NULL DEFAULT '{}',
        extra_attrs jsonb NOT NULL DEFAULT '{}',
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now(),
        revision int NOT NULL DEFAULT 0,
        UNIQUE (vendor_type, vendor_id)
      );
      CREATE INDEX blob_status ON blob (status) WHERE status <> 'none';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS blob_status;
      DROP TABLE IF EXISTS schedule, job_log, task, execution CASCADE;
    `);
  }
}
