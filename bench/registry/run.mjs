#!/usr/bin/env node
// harbor-ts registry vs CNCF distribution 2.8 (Debian's docker-registry), same machine, same run.
// Usage: npm run bench:registry   (BENCH_QUICK=1 for a fast smoke run with small sizes;
// BENCH_ONLY=<regex> runs only the measures whose label matches, e.g. BENCH_ONLY='concurrent push';
// HARBOR_EXTRA_FLAGS adds Node flags to harbor-ts's, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof')
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSecondsOf, memoryOf, resetPeak, startDistribution, startHarbor } from './servers.mjs';
import {
  digestOf,
  MiB,
  pull,
  pushChunked,
  pushMonolithic,
  pushStreamed,
  requestRate,
  seedManifest,
  timed,
} from './workloads.mjs';

const quick = process.env.BENCH_QUICK === '1';
const BIG = (quick ? 32 : 256) * MiB;
const HUGE = (quick ? 256 : 2048) * MiB;
const REPEATS = quick ? 1 : 5;
const SMALL_REPEATS = quick ? 1 : 9;
const RATE_SECONDS = quick ? 2 : 4;
// A pull measure needs its push measure selected too (BENCH_ONLY=concurrent runs both 8 MiB cases).
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
const selected = (label) => !only || only.test(label);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
// BENCH_HARBOR_MAIN: another build's dist/main.js (e.g. an older commit's), to compare before and after.
const mainJs = process.env.BENCH_HARBOR_MAIN ?? join(repoRoot, 'apps/registry/dist/main.js');
if (!existsSync(mainJs)) {
  console.error('build first: npx turbo run build --filter=@harbor-ts/registry...');
  process.exit(1);
}
if (!existsSync('/usr/bin/docker-registry')) {
  console.error('install Debian docker-registry first: apt-get install -y docker-registry');
  process.exit(1);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'bench-registry-'));
const servers = [];
const rows = [];

/**
 * Runs `measure(server, round)` for both registries in every round, the one going first alternating, so
 * load from other processes hits both alike; `sync` before each run so neither pays for the other's
 * writeback. Records the medians, the spread of the per-round ratios (each from two runs seconds
 * apart) and the server's CPU time per run (user + system, all threads), which load moves far less.
 */
async function compare(label, unit, target, measure, repeats = REPEATS) {
  if (!selected(label)) return;
  const results = { 'harbor-ts': [], distribution: [] };
  const cpu = { 'harbor-ts': [], distribution: [] };
  const clientCpu = { 'harbor-ts': [], distribution: [] };
  for (let round = 0; round < repeats; round++) {
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    for (const server of order) {
      execFileSync('sync');
      const before = cpuSecondsOf(server.pid);
      const clientBefore = process.cpuUsage();
      results[server.name].push(await measure(server, round));
      cpu[server.name].push(cpuSecondsOf(server.pid) - before);
      const client = process.cpuUsage(clientBefore);
      clientCpu[server.name].push((client.user + client.system) / 1e6);
    }
  }
  const cpuRatio = median(cpu['harbor-ts']) / median(cpu.distribution);
  const harbor = median(results['harbor-ts']);
  const distribution = median(results.distribution);
  const paired = results['harbor-ts'].map((h, i) => h / results.distribution[i]);
  rows.push({
    label,
    unit,
    harbor,
    distribution,
    ratio: harbor / distribution,
    spread: [Math.min(...paired), Math.max(...paired)],
    cpuRatio,
    target,
  });
  console.error(
    `  ${label}: harbor-ts ${harbor.toFixed(1)} ${unit}, distribution ${distribution.toFixed(1)} ${unit}` +
      ` (server CPU s per run: ${median(cpu['harbor-ts']).toFixed(2)}, ${median(cpu.distribution).toFixed(2)};` +
      ` this client's: ${median(clientCpu['harbor-ts']).toFixed(2)}, ${median(clientCpu.distribution).toFixed(2)})`,
  );
}

/** Fresh random data for each round (the same for both registries), generated outside the timings. */
function perRound(size, count = 1) {
  let current = { round: -1, blobs: [] };
  return (round) => {
    if (current.round !== round)
      current = { round, blobs: Array.from({ length: count }, () => randomBytes(size)) };
    return current.blobs;
  };
}

try {
  servers.push(
    await startHarbor(work, mainJs, process.env.HARBOR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'),
  );
  servers.push(await startDistribution(work));
  const loadAtStart = loadavg();
  console.error(
    `bench: ${BIG / MiB} MiB blobs, ${REPEATS} rounds (${SMALL_REPEATS} for 8 MiB blobs), work dir ${work}`,
  );
  await new Promise((resolve) => setTimeout(resolve, 1000)); // let start-up garbage settle
  const idle = Object.fromEntries(servers.map((s) => [s.name, memoryOf(s.pid).rss]));

  // Warm-up (JIT, connection pools, directories), then the memory figure on a process that has done little else.
  const warm = randomBytes(8 * MiB);
  for (const s of servers) {
    await pushMonolithic(s.url, 'bench/warm', warm);
    await pull(s.url, 'bench/warm', digestOf(warm));
  }
  // Peak RSS of the server process while a 2 GiB blob streams in (sampled, and the kernel's high-water mark).
  const peaks = {};
  for (const s of selected('peak RSS') ? servers : []) {
    resetPeak(s.pid);
    let sampled = memoryOf(s.pid).rss;
    const timer = setInterval(() => (sampled = Math.max(sampled, memoryOf(s.pid).rss)), 20);
    await pushStreamed(s.url, 'bench/huge', HUGE);
    clearInterval(timer);
    peaks[s.name] = Math.max(sampled, memoryOf(s.pid).peak);
  }
  const rssRow = {
    label: `peak RSS pushing ${HUGE / MiB} MiB`,
    unit: 'MiB',
    harbor: peaks['harbor-ts'],
    distribution: peaks.distribution,
    ratio: peaks.distribution / peaks['harbor-ts'],
    target: 'harbor-ts < 170 MiB',
  };
  const idleRow = {
    label: 'RSS idle after start',
    unit: 'MiB',
    harbor: idle['harbor-ts'],
    distribution: idle.distribution,
    target: '',
  };

  const mono = perRound(BIG);
  const pulled = [];
  await compare(`push ${BIG / MiB} MiB monolithic`, 'MiB/s', '≥ 1.3×', async (s, round) => {
    const [blob] = mono(round);
    pulled[round] = digestOf(blob);
    return BIG / MiB / (await timed(() => pushMonolithic(s.url, 'bench/mono', blob)));
  });
  const chunked = perRound(BIG);
  await compare(
    `push ${BIG / MiB} MiB in 8 MiB chunks`,
    'MiB/s',
    '≥ 1.3×',
    async (s, round) =>
      BIG / MiB / (await timed(() => pushChunked(s.url, 'bench/chunked', chunked(round)[0]))),
  );
  await compare(
    `pull ${BIG / MiB} MiB`,
    'MiB/s',
    '≥ 1.0×',
    async (s, round) => BIG / MiB / (await timed(() => pull(s.url, 'bench/mono', pulled[round]))),
  );

  // New blobs every round: a blob the registry already has is not written again, by either.
  const small = perRound(8 * MiB, 16);
  let smallDigests = [];
  await compare(
    '16 concurrent pushes of 8 MiB',
    'MiB/s',
    '≥ 1.3×',
    async (s, round) => {
      const blobs = small(round);
      smallDigests = blobs.map(digestOf);
      return (
        (16 * 8) /
        (await timed(() =>
          Promise.all(blobs.map((blob, i) => pushMonolithic(s.url, `bench/many${i}`, blob))),
        ))
      );
    },
    SMALL_REPEATS,
  );
  await compare(
    '16 concurrent pulls of 8 MiB',
    'MiB/s',
    '≥ 1.0×',
    async (s) =>
      (16 * 8) /
      (await timed(() =>
        Promise.all(smallDigests.map((digest, i) => pull(s.url, `bench/many${i}`, digest))),
      )),
    SMALL_REPEATS,
  );

  const manifests = {};
  for (const s of servers) manifests[s.name] = await seedManifest(s.url, 'bench/image');
  await compare(
    'manifest HEAD, 32 connections',
    'req/s',
    '≥ 1.0×',
    (s) => requestRate(s.url, manifests[s.name], 'HEAD', 32, RATE_SECONDS),
    3,
  );
  await compare(
    'manifest GET, 32 connections',
    'req/s',
    '≥ 1.0×',
    (s) => requestRate(s.url, manifests[s.name], 'GET', 32, RATE_SECONDS),
    3,
  );

  if (selected('peak RSS')) {
    console.error(
      `  ${rssRow.label}: harbor-ts ${rssRow.harbor.toFixed(1)} MiB, distribution ${rssRow.distribution.toFixed(1)} MiB`,
    );
    rows.push(rssRow);
  }
  rows.push(idleRow);
  const pad = (text, width) => String(text).padEnd(width);
  const times = (value) => `${value.toFixed(2)}×`;
  console.log(
    `\n${pad('measure', 36)}${pad('harbor-ts', 16)}${pad('distribution', 16)}${pad('ratio', 9)}${pad('rounds', 14)}${pad('CPU', 7)}target`,
  );
  for (const r of rows) {
    const fmt = (v) => `${v.toFixed(r.unit === 'req/s' ? 0 : 1)} ${r.unit}`;
    const ratio = r.ratio === undefined ? '' : times(r.ratio);
    const spread = r.spread ? `${times(r.spread[0])}–${times(r.spread[1])}` : '';
    const cpu = r.cpuRatio === undefined ? '' : times(r.cpuRatio);
    console.log(
      `${pad(r.label, 36)}${pad(fmt(r.harbor), 16)}${pad(fmt(r.distribution), 16)}${pad(ratio, 9)}${pad(spread, 14)}${pad(cpu, 7)}${r.target}`,
    );
  }
  const load = (values) => values.map((v) => v.toFixed(2)).join(' ');
  console.log(
    '\nratio: median harbor-ts / median distribution, higher is better (for RSS: distribution / harbor-ts);',
  );
  console.log('rounds: lowest and highest ratio of one round (both registries measured back to back);');
  console.log(
    'CPU: server CPU time per run (user + system, median), harbor-ts / distribution, lower is better.',
  );
  console.log(`load average (1, 5, 15 min): ${load(loadAtStart)} at start, ${load(loadavg())} at end.`);
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
}
