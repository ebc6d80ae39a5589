#!/usr/bin/env node
// Admin API benchmark: core booted against a fresh database holding Harbor's perf "small" dataset
// (bench/api/seed.mjs), then p50/p95/p99 of the UI's busiest listings at 20 concurrent clients.
// Usage: npm run bench:api   (needs a built workspace: npx turbo run build --filter=@harbor-ts/core...;
// Postgres and Redis as for the tests: HARBOR_TEST_PG_URL / HARBOR_TEST_REDIS_URL or the local defaults)
import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Agent, request } from 'undici';
import { hashPassword } from '@harbor-ts/auth';
import { createServiceApp } from '@harbor-ts/runtime';
import { createTestDatabase, flushTestRedis, testRedisConfig } from '@harbor-ts/testing';
import { coreDefinition } from '../../apps/core/dist/core.definition.js';
import { DATASET, seed } from './seed.mjs';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const TARGET_P95_MS = 50;
const PASSWORD = 'Bench12345';
const pick = (n) => Math.floor(Math.random() * n);
const pad = (i) => String(i).padStart(3, '0');
const project = () => `proj-${pad(pick(DATASET.projects))}`;

async function bootCore(database) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Harbor</title>');
  const unreachable = (name) => ({ url: `http://${name}`, socket: join(dir, `${name}.sock`) });
  const redis = testRedisConfig('bench-api');
  const config = {
    service: 'core',
    version: 'v2.11.0-harbor-ts.bench',
    listen: { host: '127.0.0.1', port: 0 },
    externalUrl: 'http://harbor.bench',
    log: { level: 'warn', file: join(dir, 'core.log') },
    database: { ...database.config, maxOpenConns: 20 },
    redis,
    registryEvents: { ...redis, eventStream: 'harbor:registry:events' },
    registry: {
      ...unreachable('registry'),
      credentials: { username: 'harbor_registry_user', password: 'pw' },
    },
    registryctl: unreachable('registryctl'),
    jobservice: unreachable('jobservice'),
    portal: { root: dir },
    secrets: {
      coreSecret: 'core-secret-0123456789',
      jobserviceSecret: 'job-secret-0123456789',
      secretKey: '0123456789abcdef',
    },
    token: { privateKeyFile: join(dir, 'private_key.pem'), certificateFile: join(dir, 'root.crt') },
    adminInitialPassword: PASSWORD,
  };
  const app = await createServiceApp(coreDefinition, config);
  await app.listen(0, '127.0.0.1');
  return { app, config, base: `http://127.0.0.1:${app.getHttpServer().address().port}` };
}

/** Signs in like the portal does; the session cookie avoids a password hash per request (basic auth costs ~50 ms of scrypt). */
async function session(base, username) {
  const response = await request(`${base}/c/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ principal: username, password: PASSWORD }).toString(),
  });
  await response.body.dump();
  if (response.statusCode !== 200) throw new Error(`login ${username}: HTTP ${response.statusCode}`);
  return { cookie: String(response.headers['set-cookie']).split(';')[0] };
}

async function registryToken(base) {
  const basic = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
  const response = await request(`${base}/service/token?service=harbor-registry&scope=registry:catalog:*`, {
    headers: { authorization: basic },
  });
  const body = await response.body.json();
  return { authorization: `Bearer ${body.token}` };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** CONCURRENCY clients, each sending its next request when the last answered, for SECONDS. */
async function measure(base, dispatcher, { path, headers }) {
  const latencies = [];
  let errors = 0;
  let lastError = '';
  const one = async () => {
    const started = performance.now();
    const response = await request(`${base}${path()}`, { headers, dispatcher });
    await response.body.dump();
    if (response.statusCode !== 200) {
      errors++;
      lastError = `HTTP ${response.statusCode}`;
    }
    return performance.now() - started;
  };
  for (let i = 0; i < CONCURRENCY; i++) await one(); // warm up connections and caches
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) latencies.push(await one());
    }),
  );
  latencies.sort((a, b) => a - b);
  const ms = (v) => Math.round(v * 10) / 10;
  return {
    requests: latencies.length,
    rps: Math.round(latencies.length / SECONDS),
    p50: ms(percentile(latencies, 50)),
    p95: ms(percentile(latencies, 95)),
    p99: ms(percentile(latencies, 99)),
    errors,
    lastError,
  };
}

const database = await createTestDatabase('bench_api');
let core;
try {
  core = await bootCore(database);
  console.log(`core up on ${core.base}; seeding ${JSON.stringify(DATASET)}`);
  const client = new pg.Client({
    ...database.config,
    user: database.config.user,
    database: database.config.database,
  });
  client.on('error', () => {}); // the drop at the end ends it; the real error is the one thrown
  await client.connect();
  await seed(client, await hashPassword(PASSWORD));
  await client.end();
  const admin = await session(core.base, 'admin');
  const member = await session(core.base, 'user001'); // a member of 10 projects, like most users
  const repoPath = (p) => `/api/v2.0/projects/${p}/repositories/repo-${pad(pick(DATASET.reposPerProject))}`;
  const cases = [
    ['baseline: GET /ping (no auth, no SQL)', { path: () => '/api/v2.0/ping', headers: {} }],
    ['baseline: GET /users/current', { path: () => '/api/v2.0/users/current', headers: admin }],
    [
      'list projects (admin)',
      { path: () => `/api/v2.0/projects?page=${1 + pick(10)}&page_size=10`, headers: admin },
    ],
    ['list projects (member)', { path: () => `/api/v2.0/projects?page_size=10`, headers: member }],
    [
      'list repositories',
      {
        path: () => `/api/v2.0/projects/${project()}/repositories?page=${1 + pick(10)}&page_size=10`,
        headers: admin,
      },
    ],
    [
      'list artifacts with tags',
      { path: () => `${repoPath(project())}/artifacts?with_tag=true&page_size=10`, headers: admin },
    ],
    ['/v2/_catalog (n=100)', { path: () => `/v2/_catalog?n=100`, headers: await registryToken(core.base) }],
    ['search', { path: () => `/api/v2.0/search?q=repo-0${pick(10)}`, headers: member }],
    [
      'list audit logs (admin)',
      { path: () => `/api/v2.0/audit-logs?page=${1 + pick(10)}&page_size=10`, headers: admin },
    ],
    ['list audit logs (member)', { path: () => `/api/v2.0/audit-logs?page_size=10`, headers: member }],
    [
      'list project logs',
      { path: () => `/api/v2.0/projects/${project()}/logs?page_size=10`, headers: admin },
    ],
    ['list members', { path: () => `/api/v2.0/projects/${project()}/members?page_size=10`, headers: admin }],
    [
      'list all repositories (member)',
      { path: () => `/api/v2.0/repositories?page_size=10`, headers: member },
    ],
    ['statistics (admin)', { path: () => `/api/v2.0/statistics`, headers: admin }],
  ];
  const dispatcher = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 30_000 });
  const rows = [];
  for (const [name, spec] of cases) {
    const result = await measure(core.base, dispatcher, spec);
    rows.push({ name, ...result });
    console.log(
      `  ${name}: p95 ${result.p95} ms${result.errors ? ` (${result.errors} errors, ${result.lastError})` : ''}`,
    );
  }
  console.log(
    `\n${CONCURRENCY} concurrent clients, ${SECONDS} s per endpoint, target p95 < ${TARGET_P95_MS} ms\n`,
  );
  console.log('| endpoint | req/s | p50 ms | p95 ms | p99 ms | errors | p95 < 50 ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.p95 < TARGET_P95_MS ? 'yes' : 'no'} |`,
    );
  await dispatcher.close();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await core?.app.close();
  await flushTestRedis(testRedisConfig('bench-api'));
  if (process.env.BENCH_KEEP_DB) console.log(`kept database ${database.config.database}`);
  else await database.drop();
}
