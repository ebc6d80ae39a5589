import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeJobOutcome,
  encodeJobOutcome,
  jobOutcomeStreamKey,
  type JobOutcome,
  type TaskFinished,
} from '@harbor-ts/events';
import { flushTestRedis, testRedisConfig } from '@harbor-ts/testing';
import { eventually } from './support/eventually.js';
import { RedisStreamConsumer } from '../src/infrastructure/redis-stream-consumer.js';

const finished = (taskId: number): TaskFinished => ({
  kind: 'task.finished',
  vendorType: 'IMAGE_SCAN',
  executionId: 1,
  taskId,
  status: 'Success',
  at: new Date().toISOString(),
});

/**
 * The job-outcome stream against a real Redis, as jobservice writes it and core reads it: entries a
 * core left unacknowledged when it died are handled by the next one, a failed handler gets the entry
 * again, an entry that is not an outcome is logged and skipped.
 */
describe('the job-outcome stream consumer', () => {
  const redisConfig = testRedisConfig('job-outcomes');
  const stream = jobOutcomeStreamKey(redisConfig.keyPrefix);
  const redis = new Redis({ host: redisConfig.host, port: redisConfig.port, path: redisConfig.path });
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
  const consumers: RedisStreamConsumer<JobOutcome>[] = [];

  function consumer(name: string, handle: (outcome: JobOutcome) => Promise<void>) {
    const created = new RedisStreamConsumer<JobOutcome>({
      redis: redisConfig,
      stream,
      group: 'harbor-core',
      purpose: 'job outcomes',
      logger,
      decode: decodeJobOutcome,
      handle,
      consumer: name,
      claimIdleMs: 300,
      blockMs: 200,
    });
    consumers.push(created);
    created.start();
    return created;
  }
  const publish = (fields: string[]) => redis.xadd(stream, '*', ...fields);
  /** Entries delivered and not acknowledged; -1 before a consumer created the group. */
  const pending = () =>
    redis.xpending(stream, 'harbor-core').then(
      (summary) => (summary as [number])[0],
      () => -1,
    );

  beforeAll(async () => {
    await redis.ping();
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    await redis.del(stream);
  });
  afterAll(async () => {
    redis.disconnect();
    await flushTestRedis(redisConfig);
  });

  it('a core that died while handling an entry leaves it to the next core, which handles and acknowledges it', async () => {
    const seenByFirst: number[] = [];
    let crash!: (error: Error) => void;
    const handling = new Promise<void>((_, reject) => (crash = reject));
    const first = consumer('core-a', (outcome) => {
      seenByFirst.push(outcome.taskId);
      return outcome.taskId === 3 ? handling : Promise.resolve();
    });
    await publish(encodeJobOutcome(finished(1)));
    await publish(['type', 'blob', 'digest', 'sha256:not-an-outcome']);
    await publish(encodeJobOutcome(finished(3)));
    await eventually(
      () => Promise.resolve(seenByFirst),
      (seen) => seen.includes(3),
    );
    // The first core dies mid-handling: its connection goes, the entry was never acknowledged.
    const stopped = first.stop();
    crash(new Error('core killed'));
    await stopped;
    consumers.splice(consumers.indexOf(first), 1);
    expect(await pending()).toBe(1);

    const seenByNext: number[] = [];
    consumer('core-b', (outcome) => Promise.resolve(void seenByNext.push(outcome.taskId)));
    await publish(encodeJobOutcome(finished(4)));
    await eventually(
      async () => ({ seen: [...seenByNext].sort(), pending: await pending() }),
      (state) => state.seen.length === 2 && state.pending === 0,
      10_000,
    );
    expect([...seenByNext].sort()).toEqual([3, 4]);
    expect(await pending()).toBe(0);
    expect(seenByFirst).toEqual([1, 3]);
    expect(warnings.some((line) => line.includes('malformed entry skipped'))).toBe(true);
  });

  it('an entry whose handler failed is handled again, and acknowledged only then', async () => {
    let attempts = 0;
    const handled: number[] = [];
    consumer('core-c', (outcome) => {
      attempts++;
      if (attempts === 1) return Promise.reject(new Error('database down'));
      handled.push(outcome.taskId);
      return Promise.resolve();
    });
    await publish(encodeJobOutcome(finished(7)));
    await eventually(
      async () => ({ handled, pending: await pending() }),
      (state) => state.handled.length === 1 && state.pending === 0,
      10_000,
    );
    expect(handled).toEqual([7]);
    expect(attempts).toBe(2);
    expect(await pending()).toBe(0);
  });
});
