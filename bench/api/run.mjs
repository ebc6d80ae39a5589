#!/usr/bin/env node
// Admin API benchmark: core booted against a fresh database holding Harbor's perf "small" dataset
// (bench/api/seed.mjs), then p50/p95/p99 of the busiest API paths (bench/api/cases.mjs) at 20 concurrent clients.
// Usage: npm run bench:api   (builds core first, via turbo's cache; Postgres and Redis as for the tests:
// HARBOR_TEST_PG_URL / HARBOR_TEST_REDIS_URL or the local defaults). Options: BENCH_CONCURRENCY, BENCH_SECONDS,
// BENCH_ROUNDS, BENCH_ONLY=<regexp of case names>, BENCH_PG_POOL, BENCH_KEEP_DB=1, BENCH_SKIP_BUILD=1,
// BENCH_TOKEN_KEY (ec: P-256 as prepare makes it; rsa4096 as Harbor's; rsa2048), BENCH_CORE_DIST=<dir>
// (another build of apps/core/dist to measure, e.g. the commit before a change), BENCH_CORE_PROFILE=<dir>,
// BENCH_REUSE_DB=<name> (a database an earlier run kept with BENCH_KEEP_DB=1: not seeded again, not dropped).
import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Agent, request } from 'undici';
import { hashPassword } from '@harbor-ts/auth';
import { createTestDatabase, flushTestRedis, testDatabaseConfig, testRedisConfig } from '@harbor-ts/testing';
import { benchCases } from './cases.mjs';
import { DATASET, sampleArtifacts, seed } from './seed.mjs';

if (!process.env.BENCH_SKIP_BUILD) {
  // Fails (and stops the bench) while the tree does not compile; BENCH_SKIP_BUILD=1 runs the last build.
  execFileSync('npx', ['turbo', 'run', 'build', '--filter=@harbor-ts/core...', '--output-logs=errors-only'], {
    cwd: new URL('../..', import.meta.url),
    stdio: 'inherit',
  });
}

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
// Rounds over every endpoint; each endpoint reports its median round by p95 (other load comes and goes).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const TOKEN_KEY = process.env.BENCH_TOKEN_KEY ?? 'ec';
// An absolute p95 moves with the machine's load; its multiple of the authenticated baseline does not, so the
// target is a ratio: every endpoint's p95 at most 2× that of GET /users/current. The baseline is measured
// again beside each endpoint, in slices alternating with it (see measure), so load that comes and goes
// during a run moves both figures of a ratio alike; BENCH_ADJACENT_BASELINE=0 measures it once, in its place.
const BASELINE = 'baseline: GET /users/current';
const TARGET_RATIO = 2;
const ADJACENT_BASELINE = process.env.BENCH_ADJACENT_BASELINE !== '0';
const PASSWORD = 'Bench12345';
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : undefined;
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

async function bootCore(database) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Harbor</title>');
  // Registry tokens signed as in production: prepare makes an EC P-256 key; Harbor's is RSA 4096, whose
  // signature is most of a token request's CPU once the password is not hashed again.
  const { privateKey } =
    TOKEN_KEY === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: Number(TOKEN_KEY.replace(/^rsa/, '')) });
  writeFileSync(join(dir, 'private_key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  const unreachable = (name) => ({ url: `http://${name}`, socket: join(dir, `${name}.sock`) });
  const redis = testRedisConfig('bench-api');
  const config = {
    service: 'core',
    version: 'v2.11.0-harbor-ts.bench',
    listen: { host: '127.0.0.1', port: 0 },
    externalUrl: 'http://harbor.bench',
    log: { level: 'warn', file: join(dir, 'core.log') },
    // harbor.yml.tmpl's max_open_conns (900); core caps its pool at 50.
    database: { ...database.config, maxOpenConns: Number(process.env.BENCH_PG_POOL ?? 900) },
    redis,
    registryEvents: { ...redis, eventStream: 'harbor:registry:events' },
    jobQueues: redis,
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
  const configFile = join(dir, 'core.json');
  writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });
  const child = spawn(
    process.execPath,
    [
      // BENCH_CORE_PROFILE=<dir>: V8 CPU profiles of core (open in Chrome's DevTools) for what a request spends.
      ...(process.env.BENCH_CORE_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CORE_PROFILE}`]
        : []),
      new URL('./core-server.mjs', import.meta.url).pathname,
      configFile,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`core exited with ${code} before listening`)));
    child.stdout.setEncoding('utf8').on('data', (text) => {
      const match = /listening (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
  });
  const stop = async () => {
    child.removeAllListeners('exit');
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return { stop, base: `http://127.0.0.1:${port}`, cpuSeconds: () => processCpuSeconds(child.pid) };
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on

/** User + system CPU time of a process so far (Linux `/proc`), in seconds. */
function processCpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU time of every process named `postgres` on this machine (the server core talks to is local), by pid:
 * with core's own, what a request costs the machine. `postgresCpuSince` sums what each process spent since
 * the snapshot (a process that ended meanwhile counts for nothing rather than subtracting its total).
 */
function postgresCpuByPid() {
  const byPid = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.includes(' (postgres) ')) byPid.set(entry, processCpuSeconds(Number(entry)));
    } catch {
      // the process ended between the listing and the read
    }
  }
  return byPid;
}

function postgresCpuSince(before) {
  let total = 0;
  for (const [pid, seconds] of postgresCpuByPid()) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** CPU time the whole machine has spent busy so far (every core, `/proc/stat`: all but idle and iowait). */
function machineBusySeconds() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks;
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS_PER_SECOND;
}

/** This process's CPU time so far (the load generator's own share of the machine). */
const benchCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

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

const basicAuth = (username) => ({
  authorization: `Basic ${Buffer.from(`${username}:${PASSWORD}`).toString('base64')}`,
});

async function registryToken(base, username) {
  const response = await request(`${base}/service/token?service=harbor-registry&scope=registry:catalog:*`, {
    headers: basicAuth(username),
  });
  const body = await response.body.json();
  return { authorization: `Bearer ${body.token}` };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** CONCURRENCY clients, each sending its next request when the last answered, for `seconds`: the latencies. */
async function sample(base, dispatcher, { path, headers }, seconds, cpuSeconds) {
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
  const cpuBefore = cpuSeconds();
  const postgresBefore = postgresCpuByPid();
  const machineBefore = machineBusySeconds();
  const benchBefore = benchCpuSeconds();
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) latencies.push(await one());
    }),
  );
  return {
    latencies,
    seconds,
    errors,
    lastError,
    cpu: cpuSeconds() - cpuBefore,
    postgresCpu: postgresCpuSince(postgresBefore),
    machineCpu: machineBusySeconds() - machineBefore,
    benchCpu: benchCpuSeconds() - benchBefore,
  };
}

const perRequestMs = (samples, key, requests) =>
  Math.round((samples.reduce((sum, s) => sum + s[key], 0) / requests) * 1e5) / 100;

/** Pools samples of one endpoint and gives its rate and percentiles. */
function summary(samples) {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  const ms = (v) => Math.round(v * 10) / 10;
  return {
    requests: latencies.length,
    rps: Math.round(latencies.length / seconds),
    p50: ms(percentile(latencies, 50)),
    p95: ms(percentile(latencies, 95)),
    p99: ms(percentile(latencies, 99)),
    // Core's CPU time per request: what a request costs, which load from other work moves much less than latency.
    cpuMs: perRequestMs(samples, 'cpu', latencies.length),
    postgresCpuMs: perRequestMs(samples, 'postgresCpu', latencies.length),
    machineCpuMs: perRequestMs(samples, 'machineCpu', latencies.length),
    benchCpuMs: perRequestMs(samples, 'benchCpu', latencies.length),
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
    lastError: samples.findLast((s) => s.lastError)?.lastError ?? '',
  };
}

/**
 * SECONDS of the endpoint; with the adjacent baseline, in SLICES slices alternating with half as long of the
 * baseline, so both see the same load from whatever else runs on the machine, and each is summarised pooled.
 */
const SLICES = 5;
async function measure({ base, cpuSeconds }, dispatcher, spec, baselineSpec) {
  if (!baselineSpec) return { result: summary([await sample(base, dispatcher, spec, SECONDS, cpuSeconds)]) };
  const own = [];
  const baseline = [];
  for (let i = 0; i < SLICES; i++) {
    baseline.push(await sample(base, dispatcher, baselineSpec, SECONDS / SLICES / 2, cpuSeconds));
    own.push(await sample(base, dispatcher, spec, SECONDS / SLICES, cpuSeconds));
  }
  return { result: summary(own), baseline: summary(baseline) };
}

/** The round with the median p95; a round with errors counts as the slowest. */
function medianRound(results) {
  const key = (r) => r.ratio ?? r.p95;
  const ordered = [...results].sort((a, b) => a.errors - b.errors || key(a) - key(b));
  return ordered[Math.floor((ordered.length - 1) / 2)];
}

/** A kept, seeded database: its config as createTestDatabase gives one, and a drop that keeps it. */
function reusedDatabase(name) {
  return {
    config: testDatabaseConfig(name),
    reused: true,
    drop: async () => console.log(`kept database ${name}`),
  };
}

const database = process.env.BENCH_REUSE_DB
  ? reusedDatabase(process.env.BENCH_REUSE_DB)
  : await createTestDatabase('bench_api');
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
  if (!database.reused) await seed(client, await hashPassword(PASSWORD));
  const samples = await sampleArtifacts(client, 1000);
  await client.end();
  const allCases = benchCases({
    admin: await session(core.base, 'admin'),
    member: await session(core.base, 'user001'), // a member of 10 projects, like most users
    adminBasic: basicAuth('admin'),
    memberBasic: basicAuth('user001'),
    catalogToken: await registryToken(core.base, 'admin'),
    memberCatalogToken: await registryToken(core.base, 'user001'),
    samples,
  });
  const cases = allCases.filter(([name]) => !ONLY || ONLY.test(name));
  // The baseline is measured beside each endpoint even when BENCH_ONLY leaves it out of the list.
  const baselineSpec = allCases.find(([name]) => name === BASELINE)?.[1];
  const loadBefore = load();
  const dispatcher = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 30_000 });
  const rounds = new Map();
  for (let round = 1; round <= ROUNDS; round++) {
    if (ROUNDS > 1) console.log(`round ${round} of ${ROUNDS}`);
    let lastBaseline;
    for (const [name, spec] of cases) {
      const paired = ADJACENT_BASELINE && baselineSpec && name !== BASELINE ? baselineSpec : undefined;
      const { result, baseline } = await measure(core, dispatcher, spec, paired);
      if (name === BASELINE) lastBaseline = result.p95;
      const baselineP95 = name === BASELINE ? result.p95 : (baseline?.p95 ?? lastBaseline);
      const ratio = baselineP95 ? result.p95 / baselineP95 : undefined;
      const baselineCpuMs = name === BASELINE ? result.cpuMs : baseline?.cpuMs;
      const own = (key) => (name === BASELINE ? result[key] : baseline?.[key]);
      rounds.set(name, [
        ...(rounds.get(name) ?? []),
        {
          name,
          ...result,
          baselineP95,
          ratio,
          baselineCpuMs,
          baselinePostgresCpuMs: own('postgresCpuMs'),
          baselineMachineCpuMs: own('machineCpuMs'),
        },
      ]);
      console.log(
        `  ${name}: p95 ${result.p95} ms${ratio === undefined ? '' : ` = ${ratio.toFixed(2)}× baseline ${baselineP95} ms`}${result.errors ? ` (${result.errors} errors, ${result.lastError})` : ''}`,
      );
    }
  }
  const rows = [...rounds.values()].map(medianRound);
  console.log(
    `\n${new Date().toISOString()}: ${CONCURRENCY} concurrent clients, ${SECONDS} s per endpoint` +
      `${ROUNDS > 1 ? `, median of ${ROUNDS} rounds` : ''}, target p95 ≤ ${TARGET_RATIO}× the baseline's`,
  );
  console.log(`load average (1, 5, 15 min) before: ${loadBefore}, after: ${load()}\n`);
  if (!rows.some((r) => r.ratio !== undefined))
    console.log(`(${BASELINE} not measured: no ratios; add it to BENCH_ONLY)`);
  console.log(
    `| endpoint | req/s | p50 ms | p95 ms | p99 ms | errors | core CPU ms/req | CPU ÷ baseline | Postgres CPU ms/req (baseline's) | bench client CPU ms/req | machine CPU ms/req (baseline's) | baseline p95 ms | p95 ÷ baseline | ≤ ${TARGET_RATIO}× |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const x = r.ratio;
    const verdict = r.errors ? 'no (errors)' : x === undefined ? '–' : x <= TARGET_RATIO ? 'yes' : 'no';
    console.log(
      `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.cpuMs} | ${r.baselineCpuMs ? `${(r.cpuMs / r.baselineCpuMs).toFixed(2)}×` : '–'} | ${r.postgresCpuMs}${r.baselinePostgresCpuMs === undefined ? '' : ` (${r.baselinePostgresCpuMs})`} | ${r.benchCpuMs} | ${r.machineCpuMs}${r.baselineMachineCpuMs === undefined ? '' : ` (${r.baselineMachineCpuMs})`} | ${r.baselineP95 ?? '–'} | ${x === undefined ? '–' : `${x.toFixed(2)}×`} | ${verdict} |`,
    );
  }
  const over = rows.filter((r) => r.errors || (r.ratio ?? 0) > TARGET_RATIO);
  const judged = rows.filter((r) => r.ratio !== undefined).length;
  console.log(
    `\n${over.length ? `${over.length} of ${rows.length} over ${TARGET_RATIO}× the baseline: ${over.map((r) => r.name).join('; ')}` : `${judged} of ${rows.length} endpoints measured against the baseline, all within ${TARGET_RATIO}×`}`,
  );
  await dispatcher.close();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await core?.stop();
  await flushTestRedis(testRedisConfig('bench-api'));
  if (process.env.BENCH_KEEP_DB) console.log(`kept database ${database.config.database}`);
  else await database.drop();
}
