#!/usr/bin/env node
// harbor-ts registry vs CNCF distribution 2.8 (Debian's docker-registry), same machine, same run.
// Usage: npm run bench:registry   (BENCH_QUICK=1 for a fast smoke run with small sizes)
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryOf, resetPeak, startDistribution, startHarbor } from './servers.mjs';
import { digestOf, MiB, pull, pushChunked, pushMonolithic, pushStreamed, requestRate, seedManifest, timed } from './workloads.mjs';

const quick = process.env.BENCH_QUICK === '1';
const BIG = (quick ? 32 : 256) * MiB;
const HUGE = (quick ? 256 : 2048) * MiB;
const REPEATS = quick ? 1 : 5;
const RATE_SECONDS = quick ? 2 : 4;
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const mainJs = join(repoRoot, 'apps/registry/dist/main.js');
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

/** Runs `measure(server, rep)` for both registries, alternating, and records the medians. */
async function compare(label, unit, target, measure, higherIsBetter = true, repeats = REPEATS) {
  const results = { 'harbor-ts': [], distribution: [] };
  for (let rep = 0; rep < repeats; rep++) {
    for (const server of servers) results[server.name].push(await measure(server, rep));
  }
  const harbor = median(results['harbor-ts']);
  const distribution = median(results.distribution);
  const ratio = higherIsBetter ? harbor / distribution : distribution / harbor;
  rows.push({ label, unit, harbor, distribution, ratio, target });
  console.error(`  ${label}: harbor-ts ${harbor.toFixed(1)} ${unit}, distribution ${distribution.toFixed(1)} ${unit}`);
}

try {
  servers.push(await startHarbor(work, mainJs, process.env.HARBOR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'));
  servers.push(await startDistribution(work));
  console.error(`bench: ${BIG / MiB} MiB blobs, ${REPEATS} repeats, work dir ${work}`);

  // Warm-up (JIT, connection pools, directories), then the memory figure on a process that has done little else.
  const warm = randomBytes(8 * MiB);
  for (const s of servers) {
    await pushMonolithic(s.url, 'bench/warm', warm);
    await pull(s.url, 'bench/warm', digestOf(warm));
  }
  // Peak RSS of the server process while a 2 GiB blob streams in (sampled, and the kernel's high-water mark).
  const peaks = {};
  for (const s of servers) {
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
    target: 'harbor-ts < 200 MiB',
  };

  const big = Array.from({ length: REPEATS }, () => randomBytes(BIG));
  await compare(`push ${BIG / MiB} MiB monolithic`, 'MiB/s', '≥ 1.3×', async (s, rep) =>
    BIG / MiB / (await timed(() => pushMonolithic(s.url, 'bench/mono', big[rep]))),
  );
  const chunkedData = Array.from({ length: REPEATS }, () => randomBytes(BIG));
  await compare(`push ${BIG / MiB} MiB in 8 MiB chunks`, 'MiB/s', '≥ 1.3×', async (s, rep) =>
    BIG / MiB / (await timed(() => pushChunked(s.url, 'bench/chunked', chunkedData[rep]))),
  );
  await compare(`pull ${BIG / MiB} MiB`, 'MiB/s', '≥ 1.0×', async (s, rep) =>
    BIG / MiB / (await timed(() => pull(s.url, 'bench/mono', digestOf(big[rep])))),
  );

  const small = Array.from({ length: 16 }, () => randomBytes(8 * MiB));
  await compare('16 concurrent pushes of 8 MiB', 'MiB/s', '≥ 1.3×', async (s) =>
    (16 * 8) / (await timed(() => Promise.all(small.map((blob, i) => pushMonolithic(s.url, `bench/many${i}`, blob))))),
  );
  await compare('16 concurrent pulls of 8 MiB', 'MiB/s', '≥ 1.0×', async (s) =>
    (16 * 8) / (await timed(() => Promise.all(small.map((blob, i) => pull(s.url, `bench/many${i}`, digestOf(blob)))))),
  );

  const manifests = {};
  for (const s of servers) manifests[s.name] = await seedManifest(s.url, 'bench/image');
  await compare('manifest HEAD, 32 connections', 'req/s', '≥ 1.0×', (s) => requestRate(s.url, manifests[s.name], 'HEAD', 32, RATE_SECONDS), true, 3);
  await compare('manifest GET, 32 connections', 'req/s', '≥ 1.0×', (s) => requestRate(s.url, manifests[s.name], 'GET', 32, RATE_SECONDS), true, 3);

  console.error(`  ${rssRow.label}: harbor-ts ${rssRow.harbor.toFixed(1)} MiB, distribution ${rssRow.distribution.toFixed(1)} MiB`);
  rows.push(rssRow);
  const pad = (text, width) => String(text).padEnd(width);
  console.log(`\n${pad('measure', 36)}${pad('harbor-ts', 16)}${pad('distribution', 16)}${pad('ratio', 9)}target`);
  for (const r of rows) {
    const fmt = (v) => `${v.toFixed(r.unit === 'req/s' ? 0 : 1)} ${r.unit}`;
    console.log(`${pad(r.label, 36)}${pad(fmt(r.harbor), 16)}${pad(fmt(r.distribution), 16)}${pad(`${r.ratio.toFixed(2)}×`, 9)}${r.target}`);
  }
  console.log('\nratio: harbor-ts relative to distribution, higher is better (for RSS: distribution / harbor-ts).');
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
}
