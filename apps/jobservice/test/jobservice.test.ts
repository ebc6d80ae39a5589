import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobserviceConfig } from '@harbor-ts/config';
import { JOB_QUEUES } from '@harbor-ts/jobs';
import type { DataSource } from 'typeorm';
import { flushTestRedis, testRedisConfig, type TestDatabase } from '@harbor-ts/testing';
import { migratedDatabase, startJobservice, type RunningJobservice } from './support/jobservice-stack.js';

const SECRET = 'job-secret-0123456789';

describe('jobservice', () => {
  let app: RunningJobservice;
  let db: TestDatabase;
  let config: JobserviceConfig;
  let baseUrl: string;

  beforeAll(async () => {
    let dataSource: DataSource;
    ({ db, dataSource } = await migratedDatabase('jobservice_test'));
    await dataSource.destroy();
    const dir = mkdtempSync(join(tmpdir(), 'jobservice-test-'));
    const peer = (name: string) => ({ url: `http://${name}`, socket: join(dir, `${name}.sock`) });
    config = {
      service: 'jobservice',
      version: 'test',
      listen: { host: '127.0.0.1', port: 0 },
      log: { level: 'warn', file: join(dir, 'jobservice.log') },
      database: db.config,
      redis: testRedisConfig('jobservice-test'),
      maxJobWorkers: 7,
      core: peer('core'),
      registry: { ...peer('registry'), credentials: { username: 'harbor_registry_user', password: 'pw' } },
      registryctl: peer('registryctl'),
      externalUrl: 'http://harbor.test',
      secrets: {
        coreSecret: 'core-secret-0123456789',
        jobserviceSecret: SECRET,
        secretKey: '0123456789abcdef',
      },
    };
    app = await startJobservice(config);
    baseUrl = app.url;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    if (config) await flushTestRedis(config.redis);
  });

  it('is healthy when Redis and Postgres answer', async () => {
    const response = await fetch(`${baseUrl}/api/health`);
    expect(response.status).toBe(200);
  });

  it("answers any other route with 404 in Harbor's error body", async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/nothing'],
      ['POST', '/api/health'],
    ] as const) {
      const response = await fetch(`${baseUrl}${path}`, { method });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        errors: [{ code: 'NOT_FOUND', message: `Cannot ${method} ${path}` }],
      });
    }
  });

  it('refuses stats without the shared secret', async () => {
    const anonymous = await fetch(`${baseUrl}/api/v1/stats`);
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${baseUrl}/api/v1/stats`, {
      headers: { authorization: 'Harbor-Secret nope' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ errors: [{ code: 'UNAUTHORIZED', message: expect.any(String) }] });
  });

  it('reports its worker pool and every queue to a caller with the secret', async () => {
    const response = await fetch(`${baseUrl}/api/v1/stats`, {
      headers: { authorization: `Harbor-Secret ${SECRET}` },
    });
    expect(response.status).toBe(200);
    const stats = (await response.json()) as {
      worker_pools: { concurrency: number }[];
      queues: { name: string }[];
    };
    expect(stats.worker_pools[0]?.concurrency).toBe(7);
    expect(stats.queues.map((q) => q.name)).toEqual([...JOB_QUEUES]);
  });
});
