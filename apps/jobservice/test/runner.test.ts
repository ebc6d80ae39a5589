import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobserviceConfig } from '@harbor-ts/config';
import { createExecution, readTaskLog, Trigger } from '@harbor-ts/db';
import { decodeJobOutcome, jobOutcomeStreamKey } from '@harbor-ts/events';
import type { JobProducer } from '@harbor-ts/jobs';
import { redisOptions } from '@harbor-ts/runtime/redis';
import { flushTestRedis, testRedisConfig, type TestDatabase } from '@harbor-ts/testing';
import {
  executionOf,
  finished,
  jobserviceConfig,
  migratedDatabase,
  producerFor,
  startJobservice,
  type RunningJobservice,
  waitFor,
} from './support/jobservice-stack.js';

describe('job runner', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let config: JobserviceConfig;
  let app: RunningJobservice;
  let producer: JobProducer;

  beforeAll(async () => {
    ({ db, dataSource } = await migratedDatabase('jobservice_runner'));
    config = jobserviceConfig(db, testRedisConfig('jobservice-runner'), 2);
    app = await startJobservice(config);
    producer = producerFor(config.redis);
  });

  afterAll(async () => {
    await producer?.close();
    await app?.close();
    await dataSource?.destroy();
    await db?.drop();
    if (config) await flushTestRedis(config.redis);
  });

  const demo = (params: { sleep_ms?: number; fail?: boolean }) =>
    producer.submit(dataSource, 'DEMO', { trigger: Trigger.Manual, tasks: [params] });

  it('runs a submitted task to Success and keeps its log in Postgres', async () => {
    const { executionId, taskIds, enqueued } = await demo({ sleep_ms: 50 });
    expect(enqueued).toBe(true);
    const done = await waitFor(() => executionOf(dataSource, executionId), finished);
    expect(done.execution.status).toBe('Success');
    expect(done.execution.end_time).not.toBeNull();
    expect(done.tasks.map((t) => [t.status, t.run_count])).toEqual([['Success', 1]]);
    const log = await readTaskLog(dataSource, taskIds[0]!);
    expect(log).toMatch(/\[INFO\] sleeping 50 ms/);
    expect(log).toMatch(/\[INFO\] DEMO task \d+ finished/);
  });

  it('ends a failing task as Error with the reason, in the task, the execution and the log', async () => {
    const { executionId, taskIds } = await demo({ fail: true });
    const done = await waitFor(() => executionOf(dataSource, executionId), finished);
    expect(done.execution.status).toBe('Error');
    expect(done.tasks[0]?.status_message).toBe('the demo job failed as asked');
    expect(done.execution.status_message).toContain('the demo job failed as asked');
    expect(await readTaskLog(dataSource, taskIds[0]!)).toMatch(/\[ERROR\] the demo job failed as asked/);
  });

  it('stops a running task', async () => {
    const { executionId } = await demo({ sleep_ms: 60_000 });
    await waitFor(
      () => executionOf(dataSource, executionId),
      (v) => v.tasks[0]?.status === 'Running',
    );
    const started = Date.now();
    await producer.stop(dataSource, executionId);
    const done = await waitFor(() => executionOf(dataSource, executionId), finished);
    expect(done.execution.status).toBe('Stopped');
    expect(Date.now() - started).toBeLessThan(5000);
    // The worker slot is free again: a new task runs.
    const next = await demo({});
    expect((await waitFor(() => executionOf(dataSource, next.executionId), finished)).execution.status).toBe(
      'Success',
    );
  });

  it('never runs more tasks at once than max_job_workers', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => demo({ sleep_ms: 300 })));
    const done = await Promise.all(
      runs.map((r) => waitFor(() => executionOf(dataSource, r.executionId), finished)),
    );
    const spans = done.map(
      (d) => [d.tasks[0]!.start_time!.getTime(), d.tasks[0]!.end_time!.getTime()] as const,
    );
    const overlap = Math.max(
      ...spans.map(([start]) => spans.filter(([s, e]) => s <= start && start < e).length),
    );
    expect(done.every((d) => d.execution.status === 'Success')).toBe(true);
    expect(overlap).toBeLessThanOrEqual(2);
    expect(overlap).toBeGreaterThanOrEqual(2);
  });

  it('runs a task whose enqueue was lost (rows committed, nothing in Redis)', async () => {
    const { executionId } = await dataSource.transaction((manager) =>
      createExecution(manager, { vendorType: 'DEMO', trigger: Trigger.Manual }, [{ parameters: {} }]),
    );
    const done = await waitFor(() => executionOf(dataSource, executionId), finished);
    expect(done.execution.status).toBe('Success');
  });

  it('ends a task whose worker died as Error with the reason', async () => {
    // A Running task nobody beats for (as after `kill -9`): claimed by a worker that no longer exists.
    const { executionId, taskIds } = await dataSource.transaction((manager) =>
      createExecution(manager, { vendorType: 'DEMO', trigger: Trigger.Manual }, [{ parameters: {} }]),
    );
    await dataSource.query(`UPDATE task SET status = 'Running', job_id = 'gone' WHERE id = $1`, [taskIds[0]]);
    const done = await waitFor(() => executionOf(dataSource, executionId), finished);
    expect(done.execution.status).toBe('Error');
    expect(done.tasks[0]?.status_message).toMatch(/job service stopped while the task was running/);
    // Announced like any other final status, so a scan that died this way sends SCANNING_FAILED.
    const redis = new Redis(redisOptions(config.redis));
    try {
      const outcome = await waitFor(
        async () =>
          (await redis.xrange(jobOutcomeStreamKey(config.redis.keyPrefix), '-', '+'))
            .map(([, fields]) => decodeJobOutcome(fields))
            .find((o) => o.taskId === taskIds[0]),
        (o) => o !== undefined,
      );
      expect(outcome).toMatchObject({ kind: 'task.finished', executionId, status: 'Error' });
    } finally {
      redis.disconnect();
    }
  });

  it('tells core of each final status on the job-outcome stream, once Postgres has it', async () => {
    const redis = new Redis(redisOptions(config.redis));
    try {
      const outcomeOf = async (taskId: number) => {
        const entries = await redis.xrange(jobOutcomeStreamKey(config.redis.keyPrefix), '-', '+');
        return entries.map(([, fields]) => decodeJobOutcome(fields)).find((o) => o.taskId === taskId);
      };
      const succeeded = await demo({});
      const failed = await demo({ fail: true });
      const running = await demo({ sleep_ms: 60_000 });
      await waitFor(
        () => executionOf(dataSource, running.executionId),
        (v) => v.tasks[0]?.status === 'Running',
      );
      await producer.stop(dataSource, running.executionId);
      for (const [submitted, status] of [
        [succeeded, 'Success'],
        [failed, 'Error'],
        [running, 'Stopped'],
      ] as const) {
        const taskId = submitted.taskIds[0]!;
        const outcome = await waitFor(
          () => outcomeOf(taskId),
          (o) => o !== undefined,
        );
        expect(outcome).toMatchObject({
          kind: 'task.finished',
          vendorType: 'DEMO',
          executionId: submitted.executionId,
          taskId,
          status,
        });
        // Written after the status was committed: whoever reads the entry finds it in Postgres.
        const { tasks } = await executionOf(dataSource, submitted.executionId);
        expect(tasks[0]?.status).toBe(status);
      }

      // Stopped while Pending (no worker took it): the stop itself announces it, after committing it.
      const pending = await dataSource.transaction((manager) =>
        createExecution(manager, { vendorType: 'DEMO', trigger: Trigger.Manual }, [{ parameters: {} }]),
      );
      await producer.stop(dataSource, pending.executionId);
      const pendingTask = pending.taskIds[0]!;
      expect(await outcomeOf(pendingTask)).toMatchObject({
        kind: 'task.finished',
        vendorType: 'DEMO',
        executionId: pending.executionId,
        taskId: pendingTask,
        status: 'Stopped',
      });
      expect((await executionOf(dataSource, pending.executionId)).tasks[0]?.status).toBe('Stopped');
      // Each stopped task is announced once: by its worker (running) or by the stop (pending), never both.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const entries = await redis.xrange(jobOutcomeStreamKey(config.redis.keyPrefix), '-', '+');
      const announced = entries.map(([, fields]) => decodeJobOutcome(fields).taskId);
      for (const taskId of [running.taskIds[0]!, pendingTask])
        expect(announced.filter((id) => id === taskId)).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
  });
});
