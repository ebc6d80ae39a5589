import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendTaskLog, claimTask, getExecution, tasksOfExecution } from '@harbor-ts/db';
import { decodeJobOutcome, jobOutcomeStreamKey } from '@harbor-ts/events';
import { jobKeys, taskJobId, type PoolInfo, type WorkerSlot } from '@harbor-ts/jobs';
import { ADMIN, api } from './support/harbor-client.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { JobRedis } from './support/job-queues.js';
import { eventually } from './support/eventually.js';
import { expectSchema } from './support/swagger-schema.js';

interface QueueView {
  job_type: string;
  count: number;
  latency: number;
  paused: boolean;
}

describe('job service API', () => {
  let core: CoreTestApp;
  let db: DataSource;
  let redis: JobRedis;
  const call = (method: string, path: string, body?: unknown) =>
    api(core.baseUrl, method, path, { as: ADMIN, body });
  const queue = async (type: string): Promise<QueueView> => {
    const queues = (await call('GET', '/jobservice/queues')).body as QueueView[];
    return queues.find((q) => q.job_type === type)!;
  };
  /** Starts a run through the API, as the portal does; returns its execution and task ids. */
  const purgeNow = async () => {
    const created = await call('POST', '/system/purgeaudit/schedule', {
      schedule: { type: 'Manual' },
      parameters: { audit_retention_hour: 24, include_event_types: 'other' },
    });
    expect(created.status).toBe(201);
    const executionId = Number(created.headers.get('location')?.split('/').pop());
    return { executionId, taskId: (await tasksOfExecution(db, executionId))[0]!.id };
  };

  beforeAll(async () => {
    core = await startCore();
    db = core.app.get(DataSource);
    redis = new JobRedis(core.config);
  });
  afterAll(async () => {
    await redis.close();
    await core.close();
  });

  it('lists the worker pools and their workers from the keys jobservice writes in Redis', async () => {
    const prefix = redis.keyPrefix;
    const pool: PoolInfo = {
      pool_id: 'host1-4242',
      pid: 4242,
      host: 'host1',
      concurrency: 3,
      start_at: '2026-12-03T08:00:00.000Z',
      heartbeat_at: '2026-12-03T08:10:00.000Z',
    };
    const busy: WorkerSlot = {
      job_id: 'task-77',
      job_name: 'GARBAGE_COLLECTION',
      task_id: 77,
      start_at: '2026-12-03T08:05:00.000Z',
    };
    await redis.connection.sadd(jobKeys.poolsIndex(prefix), pool.pool_id, 'gone-1');
    await redis.connection.hset(jobKeys.pool(prefix, pool.pool_id), { ...pool });
    await redis.connection.hset(jobKeys.poolWorkers(prefix, pool.pool_id), '1', JSON.stringify(busy));

    const pools = await call('GET', '/jobservice/pools');
    expect(pools.status).toBe(200);
    expectSchema(pools.body, 'WorkerPool[]');
    // The pool whose hash expired (its jobservice died) is not shown.
    expect(pools.body).toEqual([
      {
        pid: 4242,
        worker_pool_id: 'host1-4242',
        start_at: pool.start_at,
        heartbeat_at: pool.heartbeat_at,
        concurrency: 3,
        host: 'host1',
      },
    ]);

    const workers = await call('GET', `/jobservice/pools/${pool.pool_id}/workers`);
    expectSchema(workers.body, 'Worker[]');
    expect(workers.body).toEqual([
      { id: 'host1-4242-0', pool_id: 'host1-4242' },
      {
        id: 'host1-4242-1',
        pool_id: 'host1-4242',
        job_name: 'GARBAGE_COLLECTION',
        job_id: 'task-77',
        start_at: busy.start_at,
      },
      { id: 'host1-4242-2', pool_id: 'host1-4242' },
    ]);
    expect((await call('GET', '/jobservice/pools/all/workers')).body).toHaveLength(3);
    const missing = await call('GET', '/jobservice/pools/gone-1/workers');
    expect(missing.status).toBe(404);
  });

  it("serves a running job's log and stops it by job id, telling its worker", async () => {
    const { executionId, taskId } = await purgeNow();
    const jobId = taskJobId(taskId);
    await claimTask(db, taskId, jobId);
    await appendTaskLog(db, taskId, '2026-12-03T10:00:00Z [INFO] Purge audit job start\n');

    const log = await fetch(`${core.baseUrl}/api/v2.0/jobservice/jobs/${jobId}/log`, {
      headers: { authorization: `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}` },
    });
    expect(log.status).toBe(200);
    expect(log.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await log.text()).toBe('2026-12-03T10:00:00Z [INFO] Purge audit job start\n');

    const stops = await redis.listen(jobKeys.stopChannel(redis.keyPrefix));
    try {
      expect((await call('PUT', `/jobservice/jobs/${jobId}`)).status).toBe(200);
      expect((await getExecution(db, executionId))?.status).toBe('Stopped');
      expect(
        await eventually(
          async () => stops.messages,
          (m) => m.length > 0,
        ),
      ).toEqual([String(taskId)]);
    } finally {
      stops.close();
    }
    // As Harbor: stopping a job that is gone is not an error; its log is.
    expect((await call('PUT', '/jobservice/jobs/task-999999')).status).toBe(200);
    expect((await call('GET', '/jobservice/jobs/task-999999/log')).status).toBe(404);
  });

  it("shows each queue's waiting count, latency and pause, and pauses, resumes and stops them", async () => {
    const list = await call('GET', '/jobservice/queues');
    expect(list.status).toBe(200);
    expectSchema(list.body, 'JobQueue[]');
    const types = (list.body as QueueView[]).map((q) => q.job_type);
    expect(types).toEqual(
      expect.arrayContaining(['GARBAGE_COLLECTION', 'PURGE_AUDIT_LOG', 'EXECUTION_SWEEP', 'SCHEDULER']),
    );
    expect(types).not.toContain('DEMO');

    // Jobs left by the tests before (no jobservice runs here, so nothing takes them) count too.
    const before = (await queue('PURGE_AUDIT_LOG')).count;
    const first = await purgeNow();
    const second = await purgeNow();
    await new Promise((r) => setTimeout(r, 1100));
    expect(await queue('PURGE_AUDIT_LOG')).toMatchObject({ count: before + 2, paused: false });
    expect((await queue('PURGE_AUDIT_LOG')).latency).toBeGreaterThanOrEqual(1);

    expect((await call('PUT', '/jobservice/queues/purge_audit_log', { action: 'pause' })).status).toBe(200);
    expect((await queue('PURGE_AUDIT_LOG')).paused).toBe(true);
    expect(await redis.queue('PURGE_AUDIT_LOG').isPaused()).toBe(true);
    expect((await queue('GARBAGE_COLLECTION')).paused).toBe(false);
    await call('PUT', '/jobservice/queues/PURGE_AUDIT_LOG', { action: 'resume' });
    expect((await queue('PURGE_AUDIT_LOG')).paused).toBe(false);

    expect((await call('PUT', '/jobservice/queues/PURGE_AUDIT_LOG', { action: 'stop' })).status).toBe(200);
    expect(await queue('PURGE_AUDIT_LOG')).toMatchObject({ count: 0, latency: 0 });
    for (const run of [first, second]) {
      expect((await getExecution(db, run.executionId))?.status).toBe('Stopped');
      expect(await redis.queue('PURGE_AUDIT_LOG').getJob(taskJobId(run.taskId))).toBeUndefined();
    }
    // No worker will ever end them: the stop tells core's event point that they finished as Stopped.
    const outcomes = (await redis.connection.xrange(jobOutcomeStreamKey(redis.keyPrefix), '-', '+')).map(
      ([, fields]) => decodeJobOutcome(fields),
    );
    for (const run of [first, second])
      expect(outcomes.filter((o) => o.taskId === run.taskId)).toEqual([
        expect.objectContaining({
          kind: 'task.finished',
          vendorType: 'PURGE_AUDIT_LOG',
          executionId: run.executionId,
          status: 'Stopped',
        }),
      ]);

    await call('PUT', '/jobservice/queues/all', { action: 'pause' });
    expect(((await call('GET', '/jobservice/queues')).body as QueueView[]).every((q) => q.paused)).toBe(true);
    await call('PUT', '/jobservice/queues/all', { action: 'resume' });
    expect(((await call('GET', '/jobservice/queues')).body as QueueView[]).some((q) => q.paused)).toBe(false);

    const badAction = await call('PUT', '/jobservice/queues/all', { action: 'drop' });
    expect(badAction.status).toBe(400);
    expect(badAction.body.errors[0].message).toBe('the action is not supported');
    expect((await call('PUT', '/jobservice/queues/NO_SUCH_JOB', { action: 'pause' })).status).toBe(404);
  });

  it('lists every schedule and says whether the scheduler is paused', async () => {
    await call('POST', '/system/gc/schedule', { schedule: { type: 'Hourly' }, parameters: {} });
    await call('POST', '/system/purgeaudit/schedule', {
      schedule: { type: 'Custom', cron: '0 15 3 * * *' },
      parameters: { audit_retention_hour: 24, include_event_types: 'other' },
    });
    const schedules = await call('GET', '/schedules?page_size=1');
    expect(schedules.status).toBe(200);
    expect(schedules.headers.get('x-total-count')).toBe('2');
    expect(schedules.headers.get('link')).toContain('rel="next"');
    expectSchema(schedules.body, 'ScheduleTask[]');
    expect(schedules.body).toEqual([
      expect.objectContaining({ vendor_type: 'GARBAGE_COLLECTION', vendor_id: -1, cron: '0 0 * * * *' }),
    ]);
    const page2 = await call('GET', '/schedules?page=2&page_size=1');
    expect(page2.body[0]).toMatchObject({ vendor_type: 'PURGE_AUDIT_LOG', cron: '0 15 3 * * *' });

    const paused = await call('GET', '/schedules/all/paused');
    expectSchema(paused.body, 'SchedulerStatus');
    expect(paused.body).toEqual({ paused: false });
    await call('PUT', '/jobservice/queues/SCHEDULER', { action: 'pause' });
    expect((await call('GET', '/schedules/all/paused')).body).toEqual({ paused: true });
    await call('PUT', '/jobservice/queues/SCHEDULER', { action: 'resume' });
    const notAll = await call('GET', '/schedules/GARBAGE_COLLECTION/paused');
    expect(notAll.status).toBe(400);
    expect(notAll.body.errors[0].message).toBe("job_type can only be 'all'");
  });
});
