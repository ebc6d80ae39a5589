import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createExecution,
  dataSourceOptions,
  getExecution,
  mergeExecutionAttrs,
  readTaskLog,
  Trigger,
} from '@harbor-ts/db';
import { purgeAuditParamsSchema, type JobParamsInput } from '@harbor-ts/jobs';
import { createTestDatabase, type TestDatabase } from '@harbor-ts/testing';
import { PURGE_BATCH_SIZE, PurgeAuditHandler } from '../src/jobs/purge-audit/purge-audit.handler.js';
import type { JobContext } from '../src/runner/job-handler.js';
import { TaskLog } from '../src/runner/task-log.js';

const OLD = "now() - interval '48 hours'";
const RECENT = "now() - interval '1 hour'";

describe('PURGE_AUDIT_LOG handler against Postgres', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    db = await createTestDatabase('purge_audit_test');
    dataSource = new DataSource(dataSourceOptions(db.config, { runMigrations: true }));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });
  beforeEach(async () => {
    await dataSource.query('DELETE FROM audit_log');
  });

  async function audit(operation: string, resourceType: string, when: string, count = 1) {
    await dataSource.query(
      `INSERT INTO audit_log (project_id, operation, resource_type, resource, username, op_time)
       SELECT 0, $1, $2, 'r' || n, 'admin', ${when} FROM generate_series(1, $3) n`,
      [operation, resourceType, count],
    );
  }

  /** Runs the handler as the runner will: a real task row, its TaskLog, reports into the execution. */
  async function runPurge(input: JobParamsInput<'PURGE_AUDIT_LOG'>, abort = false) {
    const params = purgeAuditParamsSchema.parse(input);
    const { executionId, taskIds } = await dataSource.transaction((manager) =>
      createExecution(
        manager,
        { vendorType: 'PURGE_AUDIT_LOG', trigger: Trigger.Manual, extraAttrs: params },
        [{ parameters: params }],
      ),
    );
    const taskId = taskIds[0]!;
    const controller = new AbortController();
    if (abort) controller.abort();
    const log = new TaskLog(dataSource, taskId, logger);
    const context: JobContext<'PURGE_AUDIT_LOG'> = {
      taskId,
      executionId,
      attempt: 1,
      params,
      signal: controller.signal,
      log,
      report: (attrs) => mergeExecutionAttrs(dataSource, executionId, attrs),
    };
    await new PurgeAuditHandler(dataSource).run(context);
    await log.close();
    const execution = await getExecution(dataSource, executionId);
    return { purged: execution?.extra_attrs.purged_rows, log: (await readTaskLog(dataSource, taskId)) ?? '' };
  }

  async function remaining(): Promise<string[]> {
    const rows = (await dataSource.query(
      `SELECT operation || '_' || resource_type || (CASE WHEN op_time < now() - interval '24 hours' THEN ':old' ELSE ':new' END) AS k
         FROM audit_log ORDER BY 1`,
    )) as { k: string }[];
    return [...new Set(rows.map((r) => r.k))];
  }

  async function auditTotals() {
    const [row] = (await dataSource.query(
      'SELECT (SELECT count(*)::int FROM audit_log) AS rows, (SELECT coalesce(sum(n), 0)::int FROM audit_log_count) AS counted',
    )) as { rows: number; counted: number }[];
    return row!;
  }

  it('deletes only entries older than the retention whose event type is included', async () => {
    await audit('create', 'artifact', OLD, 3);
    await audit('pull', 'artifact', OLD, 2);
    await audit('delete', 'artifact', RECENT, 1);
    await audit('create', 'project', OLD, 1);
    await audit('create', 'project_member', OLD, 1);
    const result = await runPurge({
      audit_retention_hour: 24,
      include_event_types: 'create_artifact,pull_artifact,delete_artifact,create_member,bogus',
    });
    expect(result.purged).toBe(6);
    expect(await remaining()).toEqual(['create_project:old', 'delete_artifact:new']);
    expect(result.log).toContain('Purged 6 rows of audit logs');
    // The audit log API's total, kept by triggers, follows the deletes.
    const totals = await auditTotals();
    expect(totals.counted).toBe(totals.rows);
  });

  it('"other" takes every event but the artifact ones; bare operations are Harbor’s older event names', async () => {
    await audit('create', 'artifact', OLD, 2);
    await audit('login', 'user', OLD, 2);
    await audit('update', 'configuration', OLD, 1);
    await audit('delete', 'label', OLD, 1);
    expect((await runPurge({ audit_retention_hour: 1, include_event_types: 'other' })).purged).toBe(4);
    expect(await remaining()).toEqual(['create_artifact:old']);
    await audit('pull', 'artifact', OLD, 1);
    await audit('update', 'user', OLD, 1);
    expect((await runPurge({ audit_retention_hour: 1, include_event_types: 'create,pull' })).purged).toBe(3);
    expect(await remaining()).toEqual(['update_user:old']);
  });

  it('a dry run counts and deletes nothing', async () => {
    await audit('create', 'artifact', OLD, 4);
    const result = await runPurge({
      audit_retention_hour: 24,
      include_event_types: 'create_artifact',
      dry_run: true,
    });
    expect(result.purged).toBe(4);
    expect(result.log).toContain('[DRYRUN]Purged 4 rows of audit logs');
    expect((await auditTotals()).rows).toBe(4);
  });

  it('deletes in batches, and no event type selected purges nothing', async () => {
    const total = PURGE_BATCH_SIZE * 2 + 7;
    await audit('pull', 'artifact', OLD, total);
    expect((await runPurge({ audit_retention_hour: 24, include_event_types: '' })).purged).toBe(0);
    const result = await runPurge({ audit_retention_hour: 24, include_event_types: 'pull_artifact' });
    expect(result.purged).toBe(total);
    expect(result.log).toContain(`purged ${PURGE_BATCH_SIZE} rows so far`);
    expect(result.log).toContain(`purged ${total} rows so far`);
    const totals = await auditTotals();
    expect(totals).toEqual({ rows: 0, counted: 0 });
  });

  it('a stopped task deletes nothing more and reports what it purged', async () => {
    await audit('pull', 'artifact', OLD, 3);
    const result = await runPurge({ audit_retention_hour: 24, include_event_types: 'pull_artifact' }, true);
    expect(result.purged).toBe(0);
    expect(result.log).toContain('received the stop signal');
    expect((await auditTotals()).rows).toBe(3);
  });
});
