import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { JobserviceConfig, RedisConfig } from '@harbor-ts/config';
import {
  dataSourceOptions,
  getExecution,
  tasksOfExecution,
  type ExecutionRow,
  type TaskRow,
} from '@harbor-ts/db';
import { JobProducer } from '@harbor-ts/jobs';
import { redisOptions } from '@harbor-ts/runtime/redis';
import { createLogger } from '@harbor-ts/runtime/logger';
import { createTestDatabase, type TestDatabase } from '@harbor-ts/testing';
import { createJobservice } from '../../src/jobservice.js';

export const FAST_TIMINGS = { heartbeatMs: 100, deadAfterMs: 1500, recoverEveryMs: 200, requeueAfterMs: 300 };

/** A migrated database of its own (core migrates in production; jobservice never does). */
export async function migratedDatabase(
  prefix: string,
): Promise<{ db: TestDatabase; dataSource: DataSource }> {
  const db = await createTestDatabase(prefix);
  const dataSource = new DataSource(dataSourceOptions(db.config, { runMigrations: true }));
  await dataSource.initialize();
  return { db, dataSource };
}

export function jobserviceConfig(db: TestDatabase, redis: RedisConfig, maxJobWorkers = 4): JobserviceConfig {
  const dir = mkdtempSync(join(tmpdir(), 'jobservice-test-'));
  const peer = (name: string) => ({ url: `http://${name}`, socket: join(dir, `${name}.sock`) });
  return {
    service: 'jobservice',
    version: 'test',
    listen: { host: '127.0.0.1', port: 0 },
    log: { level: 'warn', file: join(dir, 'jobservice.log') },
    database: db.config,
    redis,
    maxJobWorkers,
    core: peer('core'),
    registry: { ...peer('registry'), credentials: { username: 'harbor_registry_user', password: 'pw' } },
    registryctl: peer('registryctl'),
    externalUrl: 'http://harbor.test',
    secrets: {
      coreSecret: 'core-secret-0123456789',
      jobserviceSecret: 'job-secret-0123456789',
      secretKey: '0123456789abcdef',
    },
    taskTimings: FAST_TIMINGS,
  };
}

export interface RunningJobservice {
  url: string;
  /** Stops it as SIGTERM does: the server, then the workers (running tasks abort), then connections. */
  close(): Promise<void>;
}

/** The real jobservice, in process, on a free port. */
export async function startJobservice(config: JobserviceConfig): Promise<RunningJobservice> {
  const { server, close } = await createJobservice(config, createLogger('jobservice', config.log));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await close?.();
    },
  };
}

/** Core's side: a producer on jobservice's Redis. */
export function producerFor(redis: RedisConfig): JobProducer {
  const connection = new Redis(redisOptions(redis));
  connection.on('error', () => undefined); // tests restart Redis on purpose
  return new JobProducer(connection, redis.keyPrefix);
}

export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function executionOf(
  db: DataSource,
  id: number,
): Promise<{ execution: ExecutionRow; tasks: TaskRow[] }> {
  return { execution: (await getExecution(db, id))!, tasks: await tasksOfExecution(db, id) };
}

export function finished(value: { execution: ExecutionRow }): boolean {
  return ['Success', 'Error', 'Stopped'].includes(value.execution.status);
}
