import type { DataSource } from 'typeorm';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { JobserviceConfig } from '@harbor-ts/config';
import { readTaskLog, Trigger, upsertSchedule } from '@harbor-ts/db';
import type { JobProducer } from '@harbor-ts/jobs';
import { flushTestRedis, freePort, testRedisConfig, type TestDatabase } from '@harbor-ts/testing';
import { JobserviceProcess } from './support/jobservice-process.js';
import {
  executionOf,
  finished,
  jobserviceConfig,
  migratedDatabase,
  producerFor,
  waitFor,
} from './support/jobservice-stack.js';
import { PrivateRedis } from './support/private-redis.js';

/** Crashes and restarts: jobservice killed, Redis restarted empty, schedules across restarts. */
describe('job recovery', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(redis = testRedisConfig('jobservice-recovery'), workers = 2) {
    const { db, dataSource } = await migratedDatabase('jobservice_recovery');
    const config: JobserviceConfig = {
      ...jobserviceConfig(db, redis, workers),
      listen: { host: '127.0.0.1', port: await freePort() },
    };
    const jobservice = new JobserviceProcess(config);
    const producer = producerFor(redis);
    cleanups.push(
      () => dropAll(db, dataSource),
      () => flushTestRedis(redis).catch(() => undefined),
      () => producer.close(),
      () => jobservice.kill(),
    );
    await jobservice.start();
    return { dataSource, jobservice, producer };
  }

  async function dropAll(db: TestDatabase, dataSource: DataSource) {
    await dataSource.destroy();
    await db.drop();
  }

  const demo = (producer: JobProducer, dataSource: DataSource, sleep_ms: number) =>
    producer.submit(dataSource, 'DEMO', { trigger: Trigger.Manual, tasks: [{ sleep_ms }] });

  it('a task running when jobservice is killed ends as Error after the restart, and new work runs', async () => {
    const { dataSource, jobservice, producer } = await setup();
    const { executionId } = await demo(producer, dataSource, 60_000);
    await waitFor(
      () => executionOf(dataSource, executionId),
      (v) => v.tasks[0]?.status === 'Running',
    );
    await jobservice.kill();
    await jobservice.start();
    const done = await waitFor(() => executionOf(dataSource, executionId), finished);
    expect(done.execution.status).toBe('Error');
    expect(done.tasks[0]?.status_message).toMatch(/job service stopped while the task was running/);
    const next = await demo(producer, dataSource, 0);
    expect((await waitFor(() => executionOf(dataSource, next.executionId), finished)).execution.status).toBe(
      'Success',
    );
  });

  it('SIGTERM ends a running task as Error (shut down) and exits within seconds', async () => {
    const { dataSource, jobservice, producer } = await setup();
    const { executionId } = await demo(producer, dataSource, 60_000);
    const { tasks: running } = await waitFor(
      () => executionOf(dataSource, executionId),
      (v) => v.tasks[0]?.status === 'Running',
    );
    // Its log says the handler runs: claimed (Running) alone is before the runner tracks it.
    await waitFor(
      () => readTaskLog(dataSource, running[0]!.id),
      (log) => /started/.test(log ?? ''),
    );
    const started = Date.now();
    expect(await jobservice.stop()).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
    const { execution, tasks } = await executionOf(dataSource, executionId);
    expect(tasks[0]?.status).toBe('Error');
    expect(tasks[0]?.status_message).toMatch(/job service shut down while the task was running/);
    expect(execution.status).toBe('Error');
  });

  it('loses no queued task when Redis restarts empty', async () => {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    cleanups.push(() => redis.stop());
    const { dataSource, producer } = await setup(
      { host: '127.0.0.1', port: redis.port, db: 0, keyPrefix: 'recovery:' },
      1,
    );
    const runs: Awaited<ReturnType<typeof demo>>[] = [];
    for (let i = 0; i < 12; i++) runs.push(await demo(producer, dataSource, 150));
    await waitFor(() => executionOf(dataSource, runs[1]!.executionId), finished);
    redis.stop();
    await redis.start();
    const done = await Promise.all(
      runs.map((r) => waitFor(() => executionOf(dataSource, r.executionId), finished, 30_000)),
    );
    expect(done.map((d) => d.execution.status)).toEqual(runs.map(() => 'Success'));
    // Each ran exactly once, though some were queued twice (before and after the restart).
    expect(done.map((d) => d.tasks[0]?.run_count)).toEqual(runs.map(() => 1));
  });

  it('a schedule keeps firing after jobservice restarts', async () => {
    const { dataSource, jobservice } = await setup();
    await upsertSchedule(dataSource, {
      vendorType: 'DEMO',
      cron: '* * * * * *',
      cronType: 'Custom',
      callback: 'DEMO',
      params: { sleep_ms: 0 },
    });
    const scheduledRuns = async () =>
      Number(
        (
          (await dataSource.query(
            `SELECT count(*) AS n FROM execution WHERE vendor_type = 'DEMO' AND trigger = 'SCHEDULE' AND status = 'Success'`,
          )) as { n: string }[]
        )[0]?.n,
      );
    // Picked up by the recovery timer's reconcile (core would also publish on the schedules channel).
    await waitFor(scheduledRuns, (n) => n >= 1);
    await jobservice.kill();
    const before = await scheduledRuns();
    await jobservice.start();
    await waitFor(scheduledRuns, (n) => n >= before + 2);
  });
});
