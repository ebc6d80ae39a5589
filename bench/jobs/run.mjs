#!/usr/bin/env node
// Job queue benchmark: 10k queued no-op (DEMO) tasks drained by one jobservice process, against a
// private redis-server (so its memory is ours alone) and a fresh database. Prints tasks/s and Redis
// memory with the tasks queued and after they finish (target: back under 10 MiB).
// Usage: npm run bench:jobs   Options: BENCH_TASKS (10000), BENCH_WORKERS (max_job_workers, 10),
// BENCH_SKIP_BUILD=1. Postgres as for the tests (HARBOR_TEST_PG_URL or the local default).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { createExecution, dataSourceOptions } from '@harbor-ts/db';
import { JobProducer } from '@harbor-ts/jobs';
import { createTestDatabase, freePort } from '@harbor-ts/testing';

const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 10);
const root = new URL('../..', import.meta.url);

if (!process.env.BENCH_SKIP_BUILD) {
  execFileSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@harbor-ts/jobservice...', '--output-logs=errors-only'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes) => (bytes / 1024 / 1024).toFixed(2);

async function usedMemory(redis) {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)[1]);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-jobs-'));
const redisPort = await freePort();
const redisServer = spawn(
  'redis-server',
  ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  {
    stdio: 'ignore',
  },
);
const redisConfig = { host: '127.0.0.1', port: redisPort, db: 0, keyPrefix: 'harbor:' };
const redis = new Redis({ port: redisPort, maxRetriesPerRequest: null });
const database = await createTestDatabase('bench_jobs');
const dataSource = new DataSource(dataSourceOptions(database.config, { runMigrations: true }));
let jobservice;
try {
  await dataSource.initialize();
  const producer = new JobProducer(redis, redisConfig.keyPrefix);
  const empty = await usedMemory(redis);

  const created = await dataSource.transaction(async (manager) => {
    const ids = [];
    for (let i = 0; i < TASKS; i++) {
      const { taskIds } = await createExecution(manager, { vendorType: 'DEMO', trigger: 'MANUAL' }, [
        { parameters: {} },
      ]);
      ids.push(...taskIds);
    }
    return ids;
  });
  for (let i = 0; i < created.length; i += 1000) await producer.enqueue('DEMO', created.slice(i, i + 1000));
  const queued = await usedMemory(redis);

  const config = {
    service: 'jobservice',
    version: 'bench',
    listen: { host: '127.0.0.1', port: await freePort() },
    log: { level: 'warn', file: join(dir, 'jobservice.log') },
    database: database.config,
    redis: redisConfig,
    maxJobWorkers: WORKERS,
    core: { url: 'http://core', socket: join(dir, 'core.sock') },
    registry: {
      url: 'http://registry',
      socket: join(dir, 'r.sock'),
      credentials: { username: 'u', password: 'p' },
    },
    registryctl: { url: 'http://registryctl', socket: join(dir, 'rc.sock') },
    externalUrl: 'http://harbor.test',
    secrets: {
      coreSecret: 'core-secret-0123456789',
      jobserviceSecret: 'job-secret-0123456789',
      secretKey: '0123456789abcdef',
    },
  };
  writeFileSync(join(dir, 'jobservice.yml'), JSON.stringify(config));
  const started = Date.now();
  jobservice = spawn(
    process.execPath,
    [join(root.pathname, 'apps/jobservice/dist/main.js'), '--config', join(dir, 'jobservice.yml')],
    {
      stdio: 'inherit',
    },
  );
  for (;;) {
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM task WHERE status NOT IN ('Success', 'Error', 'Stopped')`,
    );
    if (n === 0) break;
    await sleep(200);
  }
  const seconds = (Date.now() - started) / 1000;
  const [{ ok }] = await dataSource.query(`SELECT count(*)::int AS ok FROM task WHERE status = 'Success'`);
  await sleep(1000);
  const after = await usedMemory(redis);
  console.log(`\njob queue: ${TASKS} DEMO tasks, max_job_workers ${WORKERS}`);
  console.log(`  succeeded           ${ok}/${TASKS}`);
  console.log(
    `  drained in          ${seconds.toFixed(1)} s (incl. jobservice start) = ${(TASKS / seconds).toFixed(0)} tasks/s`,
  );
  console.log(
    `  Redis used_memory   empty ${mib(empty)} MiB · ${TASKS} queued ${mib(queued)} MiB · after ${mib(after)} MiB (target < 10 MiB)`,
  );
} finally {
  jobservice?.kill('SIGTERM');
  await sleep(500);
  await dataSource.destroy().catch(() => undefined);
  await database.drop();
  redis.disconnect();
  spawnSync('redis-cli', ['-p', String(redisPort), 'shutdown', 'nosave'], { stdio: 'ignore' });
  redisServer.kill();
}
