import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendTaskLog,
  createExecution,
  getSchedule,
  mergeExecutionAttrs,
  stopExecution,
  tasksOfExecution,
  Trigger,
} from '@harbor-ts/db';
import { jobKeys, taskJobId } from '@harbor-ts/jobs';
import { ADMIN, api } from './support/harbor-client.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { JobRedis } from './support/job-queues.js';
import { eventually } from './support/eventually.js';
import { definitionFields, expectSchema } from './support/swagger-schema.js';

const manual = (parameters: Record<string, unknown>) => ({ schedule: { type: 'Manual' }, parameters });

describe('/system/gc', () => {
  let core: CoreTestApp;
  let db: DataSource;
  let redis: JobRedis;
  const gc = (method: string, path: string, body?: unknown) =>
    api(core.baseUrl, method, `/system/gc${path}`, { as: ADMIN, body });

  beforeAll(async () => {
    core = await startCore();
    db = core.app.get(DataSource);
    redis = new JobRedis(core.config);
  });
  afterAll(async () => {
    await redis.close();
    await core.close();
  });

  it('"GC now" records a Pending run and puts its task on jobservice\'s GARBAGE_COLLECTION queue', async () => {
    const created = await gc(
      'POST',
      '/schedule',
      manual({ delete_untagged: true, workers: 3, time_window: 0 }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(/^\/api\/v2\.0\/system\/gc\/\d+$/);
    const id = Number(location.split('/').pop());

    const run = await gc('GET', `/${id}`);
    expect(run.status).toBe(200);
    expectSchema(run.body, 'GCHistory');
    expect(run.body).toMatchObject({
      id,
      job_name: 'GARBAGE_COLLECTION',
      job_kind: 'MANUAL',
      job_status: 'Pending',
      deleted: false,
      schedule: { type: 'Manual' },
    });
    expect(JSON.parse(run.body.job_parameters)).toEqual({
      delete_untagged: true,
      dry_run: false,
      workers: 3,
      time_window: 0,
    });

    const [task] = await tasksOfExecution(db, id);
    expect(task).toMatchObject({ status: 'Pending', vendor_type: 'GARBAGE_COLLECTION' });
    expect(task!.extra_attrs).toEqual({
      parameters: { delete_untagged: true, dry_run: false, workers: 3, time_window: 0 },
    });
    const job = await redis.queue('GARBAGE_COLLECTION').getJob(taskJobId(task!.id));
    expect(job?.data).toEqual({ taskId: task!.id });
    expect(await job?.getState()).toBe('waiting');

    // One GC at a time, as in Harbor.
    const again = await gc('POST', '/schedule', manual({}));
    expect(again.status).toBe(409);
    expect(again.body.errors[0].code).toBe('CONFLICT');

    // Stopping the pending run ends it Stopped; then a new one may start.
    expect((await gc('PUT', `/${id}`)).status).toBe(200);
    const stopped = await gc('GET', `/${id}`);
    expect(stopped.body.job_status).toBe('Stopped');
    expect((await tasksOfExecution(db, id))[0]!.status).toBe('Stopped');
    const next = await gc('POST', '/schedule', manual({ dry_run: true }));
    expect(next.status).toBe(201);
    await stopExecution(db, Number(next.headers.get('location')?.split('/').pop()));
  });

  it.each([
    [
      { workers: 0 },
      'Error: Invalid number of workers:0. Workers must be greater than 0 and less than or equal to 10.',
    ],
    [
      { workers: 11 },
      'Error: Invalid number of workers:11. Workers must be greater than 0 and less than or equal to 10.',
    ],
    [{ workers: 2.5 }, 'workers should be integer format'],
    [{ workers: '3' }, 'workers should be integer format'],
    [{ time_window: -1 }, 'time_window should be a whole number of hours, 0 or more'],
    [{ dry_run: 'yes' }, 'dry_run should be a boolean'],
  ])("refuses parameters %j with Harbor's 400", async (parameters, message) => {
    for (const type of ['Manual', 'Daily']) {
      const response = await gc('POST', '/schedule', { schedule: { type }, parameters });
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toEqual({ code: 'BAD_REQUEST', message });
    }
  });

  it('refuses a bad cron, an unknown type and a missing schedule', async () => {
    const badCron = await gc('PUT', '/schedule', { schedule: { type: 'Custom', cron: '5 * * * * *' } });
    expect(badCron.status).toBe(400);
    expect(badCron.body.errors[0].message).toBe(
      'invalid cron string for scheduled gc: 5 * * * * *, error: the first field (seconds) must be 0',
    );
    const fiveFields = await gc('PUT', '/schedule', { schedule: { type: 'Custom', cron: '0 * * * *' } });
    expect(fiveFields.body.errors[0].message).toContain(
      'invalid cron string for scheduled gc: 0 * * * *, error:',
    );
    const unknown = await gc('PUT', '/schedule', { schedule: { type: 'Monthly' } });
    expect(unknown.status).toBe(400);
    expect((await gc('POST', '/schedule', { parameters: {} })).body.errors[0].message).toBe(
      "schedule cann't be empty",
    );
    expect(await getSchedule(db, 'GARBAGE_COLLECTION')).toBeUndefined();
  });

  it('creates, reads, replaces and removes the schedule, telling jobservice each time', async () => {
    const empty = await gc('GET', '/schedule');
    expect(empty.status).toBe(200);
    expect(empty.body).toBeUndefined();
    const changes = await redis.listen(jobKeys.schedulesChannel(redis.keyPrefix));
    try {
      const daily = await gc('POST', '/schedule', {
        schedule: { type: 'Daily' },
        parameters: { workers: 2 },
      });
      expect(daily.status).toBe(201);
      const read = await gc('GET', '/schedule');
      expectSchema(read.body, 'GCHistory');
      expect(read.body.schedule).toMatchObject({ type: 'Daily', cron: '0 0 0 * * *' });
      expect(new Date(read.body.schedule.next_scheduled_time).getUTCHours()).toBe(0);
      expect(JSON.parse(read.body.job_parameters)).toEqual({
        delete_untagged: false,
        dry_run: false,
        workers: 2,
        time_window: 2,
      });
      const row = await getSchedule(db, 'GARBAGE_COLLECTION');
      expect(row).toMatchObject({
        cron: '0 0 0 * * *',
        cron_type: 'Daily',
        callback_func_name: 'GARBAGE_COLLECTION',
      });
      expect(JSON.parse(row!.callback_func_param)).toEqual({
        delete_untagged: false,
        dry_run: false,
        workers: 2,
        time_window: 2,
      });

      const custom = await gc('PUT', '/schedule', {
        schedule: { type: 'Custom', cron: '0 30 2 * * 1' },
        parameters: { delete_untagged: true, time_window: 0 },
      });
      expect(custom.status).toBe(200);
      const replaced = await gc('GET', '/schedule');
      expect(replaced.body.schedule).toMatchObject({ type: 'Custom', cron: '0 30 2 * * 1' });
      expect(replaced.body.id).toBe(read.body.id);
      expect(JSON.parse(replaced.body.job_parameters)).toMatchObject({
        delete_untagged: true,
        time_window: 0,
      });

      expect((await gc('PUT', '/schedule', { schedule: { type: 'None' } })).status).toBe(200);
      expect((await gc('GET', '/schedule')).body).toBeUndefined();
      expect(await getSchedule(db, 'GARBAGE_COLLECTION')).toBeUndefined();
      expect(
        (await eventually(
          async () => changes.messages.length,
          (n) => n >= 3,
        )) >= 3,
      ).toBe(true);
    } finally {
      changes.close();
    }
  });

  it("pages the history newest first with q, sort, X-Total-Count and Link, in Harbor's shape", async () => {
    const before = Number((await gc('GET', '?page_size=1')).headers.get('x-total-count'));
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const { executionId } = await createExecution(
        db,
        {
          vendorType: 'GARBAGE_COLLECTION',
          trigger: i % 2 ? Trigger.Schedule : Trigger.Manual,
          extraAttrs: { dry_run: false },
        },
        [{ parameters: {} }],
      );
      ids.push(executionId);
    }
    await createExecution(db, { vendorType: 'PURGE_AUDIT_LOG', trigger: Trigger.Manual }, [
      { parameters: {} },
    ]);
    const first = await gc('GET', '?page=1&page_size=3');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-total-count')).toBe(String(before + 7));
    expect(first.headers.get('link')).toContain('rel="next"');
    expectSchema(first.body, 'GCHistory[]');
    expect(Object.keys(first.body[0]).sort()).toEqual(definitionFields('GCHistory'));
    expect(first.body.map((h: { id: number }) => h.id)).toEqual(ids.slice(-3).reverse());
    const scheduled = await gc('GET', '?q=job_kind=SCHEDULE&sort=id&page_size=50');
    expect(scheduled.body.map((h: { id: number }) => h.id)).toEqual(ids.filter((_, i) => i % 2));
    expect(scheduled.body[0].schedule.type).toBe('Schedule');
    // As Harbor: a key the resource does not know is ignored; a malformed value is refused.
    expect((await gc('GET', '?q=bogus=1')).status).toBe(200);
    expect((await gc('GET', '?q=id=%5B1~')).status).toBe(400);
    expect((await gc('GET', '?page_size=101')).status).toBe(422);
  });

  it("shows a finished run's counts, serves its log as text and answers 404 with Harbor's messages", async () => {
    const { executionId, taskIds } = await createExecution(
      db,
      {
        vendorType: 'GARBAGE_COLLECTION',
        trigger: Trigger.Manual,
        extraAttrs: { dry_run: false, workers: 1 },
      },
      [{ parameters: {} }],
    );
    const noLog = await api(core.baseUrl, 'GET', `/system/gc/${executionId}/log`, { as: ADMIN });
    expect(noLog.status).toBe(200);
    await appendTaskLog(db, taskIds[0]!, '2026-12-03T10:00:00Z [INFO] [1/2] blob sha256:a deleted\n');
    await appendTaskLog(db, taskIds[0]!, '2026-12-03T10:00:01Z [INFO] [2/2] blob sha256:b deleted\n');
    await mergeExecutionAttrs(db, executionId, { freed_space: 2048, purged_blobs: 2, purged_manifests: 1 });

    const response = await fetch(`${core.baseUrl}/api/v2.0/system/gc/${executionId}/log`, {
      headers: { authorization: `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(
      '2026-12-03T10:00:00Z [INFO] [1/2] blob sha256:a deleted\n2026-12-03T10:00:01Z [INFO] [2/2] blob sha256:b deleted\n',
    );
    const run = await gc('GET', `/${executionId}`);
    expect(JSON.parse(run.body.job_parameters)).toEqual({
      dry_run: false,
      workers: 1,
      freed_space: 2048,
      purged_blobs: 2,
      purged_manifests: 1,
    });

    const purge = await createExecution(db, { vendorType: 'PURGE_AUDIT_LOG', trigger: Trigger.Manual }, [{}]);
    const notGc = await gc('GET', `/${purge.executionId}`);
    expect(notGc.status).toBe(404);
    expect(notGc.body.errors[0].message).toBe(`garbage collection execution ${purge.executionId} not found`);
    const noTask = await createExecution(
      db,
      { vendorType: 'GARBAGE_COLLECTION', trigger: Trigger.Manual },
      [],
    );
    const missingLog = await gc('GET', `/${noTask.executionId}/log`);
    expect(missingLog.status).toBe(404);
    expect(missingLog.body.errors[0].message).toBe(
      `garbage collection ${noTask.executionId} log is not found`,
    );
    expect((await gc('PUT', '/999999')).status).toBe(404);
    expect((await gc('GET', '/abc')).status).toBe(400);
  });
});
