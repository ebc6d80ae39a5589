import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendTaskLog, getSchedule, mergeExecutionAttrs, tasksOfExecution } from '@harbor-ts/db';
import { taskJobId } from '@harbor-ts/jobs';
import { ADMIN, api } from './support/harbor-client.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { JobRedis } from './support/job-queues.js';
import { definitionFields, expectSchema } from './support/swagger-schema.js';

const PARAMETERS = {
  audit_retention_hour: 48,
  include_event_types: 'create_artifact,pull_artifact',
  dry_run: true,
};

describe('/system/purgeaudit', () => {
  let core: CoreTestApp;
  let db: DataSource;
  let redis: JobRedis;
  const purge = (method: string, path: string, body?: unknown) =>
    api(core.baseUrl, method, `/system/purgeaudit${path}`, { as: ADMIN, body });

  beforeAll(async () => {
    core = await startCore();
    db = core.app.get(DataSource);
    redis = new JobRedis(core.config);
  });
  afterAll(async () => {
    await redis.close();
    await core.close();
  });

  it('"purge now" queues a PURGE_AUDIT_LOG task; history, log and stop answer in Harbor\'s shape', async () => {
    const created = await purge('POST', '/schedule', {
      schedule: { type: 'Manual' },
      parameters: PARAMETERS,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = Number(
      created.headers.get('location')?.match(/^\/api\/v2\.0\/system\/purgeaudit\/(\d+)$/)?.[1],
    );
    const [task] = await tasksOfExecution(db, id);
    expect(task?.status).toBe('Pending');
    const job = await redis.queue('PURGE_AUDIT_LOG').getJob(taskJobId(task!.id));
    expect(job?.data).toEqual({ taskId: task!.id });

    // Not exclusive in Harbor: a second one is accepted.
    const second = await purge('POST', '/schedule', { schedule: { type: 'Manual' }, parameters: PARAMETERS });
    expect(second.status).toBe(201);

    await appendTaskLog(db, task!.id, '2026-12-03T10:00:00Z [INFO] [DRYRUN]Purged 5 rows of audit logs\n');
    await mergeExecutionAttrs(db, id, { purged_rows: 5 });
    const history = await purge('GET', '?page_size=10');
    expect(history.headers.get('x-total-count')).toBe('2');
    expectSchema(history.body, 'ExecHistory[]');
    expect(Object.keys(history.body[0]).sort()).toEqual(definitionFields('ExecHistory'));
    const run = history.body.find((h: { id: number }) => h.id === id);
    expect(run).toMatchObject({ job_name: 'PURGE_AUDIT_LOG', job_kind: 'MANUAL', job_status: 'Pending' });
    expect(JSON.parse(run.job_parameters)).toEqual({ ...PARAMETERS, purged_rows: 5 });
    const log = await purge('GET', `/${id}/log`);
    expect(log.body).toBe('2026-12-03T10:00:00Z [INFO] [DRYRUN]Purged 5 rows of audit logs\n');

    expect((await purge('PUT', `/${id}`)).status).toBe(200);
    expect((await purge('GET', `/${id}`)).body.job_status).toBe('Stopped');
    const missing = await purge('GET', '/424242');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].message).toBe('purge job with id 424242 not found');
  });

  it.each([
    [{}, "schedule parameter cann't be empty"],
    [{ include_event_types: 'other' }, 'audit_retention_hour should provide'],
    [
      { audit_retention_hour: '24', include_event_types: 'other' },
      'audit_retention_hour should be integer format',
    ],
    [
      { audit_retention_hour: 240001, include_event_types: 'other' },
      'audit_retention_hour should be less than 240000',
    ],
    [
      { audit_retention_hour: 0, include_event_types: 'other' },
      'audit_retention_hour should be greater than 0',
    ],
    [{ audit_retention_hour: 24 }, 'include_event_types should provide'],
  ])("refuses parameters %j with Harbor's 400", async (parameters, message) => {
    const response = await purge('POST', '/schedule', { schedule: { type: 'Manual' }, parameters });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toEqual({ code: 'BAD_REQUEST', message });
  });

  it('keeps one schedule with its parameters, refuses a bad cron, removes it with None', async () => {
    const weekly = await purge('POST', '/schedule', { schedule: { type: 'Weekly' }, parameters: PARAMETERS });
    expect(weekly.status).toBe(201);
    const read = await purge('GET', '/schedule');
    expectSchema(read.body, 'ExecHistory');
    expect(read.body.schedule).toMatchObject({ type: 'Weekly', cron: '0 0 0 * * 0' });
    expect(JSON.parse(read.body.job_parameters)).toEqual(PARAMETERS);
    const row = await getSchedule(db, 'PURGE_AUDIT_LOG');
    expect(row?.callback_func_name).toBe('PURGE_AUDIT_LOG');

    const bad = await purge('PUT', '/schedule', {
      schedule: { type: 'Custom', cron: '0 0 25 * * *' },
      parameters: PARAMETERS,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(
      /^invalid cron string for scheduled log rotation purge: 0 0 25 \* \* \*, error: /,
    );
    expect((await purge('GET', '/schedule')).body.schedule.cron).toBe('0 0 0 * * 0');

    expect((await purge('PUT', '/schedule', { schedule: { type: 'None' } })).status).toBe(200);
    expect(await getSchedule(db, 'PURGE_AUDIT_LOG')).toBeUndefined();
  });
});
