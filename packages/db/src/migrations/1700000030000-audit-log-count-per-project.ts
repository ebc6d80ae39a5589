import type { MigrationInterface, QueryRunner } from 'typeorm';

// The audit log's kept total (1700000005000) per project as well: a member's `GET /audit-logs` and a
// project's `GET /projects/{p}/logs` showed `X-Total-Count` by counting their projects' rows (8,000 rows,
// ≈ 7 ms, for a member of 8 projects at 100k rows) on every page; now they add up a few kept numbers.
// Rows stay (project, shard) so concurrent writers still rarely wait on one another; a statement adds to
// its projects in project order, so two statements never take the same rows in opposite orders.
export class AuditLogCountPerProject1700000030000 implements MigrationInterface {
  name = 'AuditLogCountPerProject1700000030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      LOCK TABLE audit_log IN SHARE MODE;
      DELETE FROM audit_log_count;
      ALTER TABLE audit_log_count DROP CONSTRAINT audit_log_count_pkey,
        ADD COLUMN project_id int NOT NULL, ADD PRIMARY KEY (project_id, shard);
      INSERT INTO audit_log_count (project_id, shard, n)
        SELECT project_id, 0, count(*) FROM audit_log GROUP BY project_id;

      CREATE OR REPLACE FUNCTION audit_log_count_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO audit_log_count (project_id, shard, n)
          SELECT project_id, pg_backend_pid() % 16, CASE TG_OP WHEN 'INSERT' THEN count(*) ELSE -count(*) END
            FROM changed GROUP BY project_id ORDER BY project_id
        ON CONFLICT (project_id, shard) DO UPDATE SET n = audit_log_count.n + EXCLUDED.n;
        RETURN NULL;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      LOCK TABLE audit_log IN SHARE MODE;
      DELETE FROM audit_log_count;
      ALTER TABLE audit_log_count DROP CONSTRAINT audit_log_count_pkey, DROP COLUMN project_id,
        ADD PRIMARY KEY (shard);
      INSERT INTO audit_log_count (shard, n) SELECT 0, count(*) FROM audit_log;

      CREATE OR REPLACE FUNCTION audit_log_count_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO audit_log_count (shard, n)
          SELECT pg_backend_pid() % 16, CASE TG_OP WHEN 'INSERT' THEN count(*) ELSE -count(*) END
            FROM changed HAVING count(*) > 0
        ON CONFLICT (shard) DO UPDATE SET n = audit_log_count.n + EXCLUDED.n;
        RETURN NULL;
      END $$;
    `);
  }
}
