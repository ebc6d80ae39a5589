#!/usr/bin/env node
// bench/scan: the built-in scanner's time for one ~100 MB Debian image with ~100 packages (median and
// p95 of BENCH_SCAN_RUNS, 10), and scan all over BENCH_SCAN_ARTIFACTS (1000) artifacts on the native
// stack installed --with-trivy. Trivy is compared when a `trivy` binary is on the PATH (it is not on
// Debian 12). Needs a built workspace, /usr/bin/docker-registry, Postgres and Redis as for the tests.
// Options: BENCH_SCAN_MB (100), BENCH_SCAN_PACKAGES (100), BENCH_SCAN_RECORDS (30000), BENCH_SKIP_BUILD=1.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { freePort, startNativeStack } from '@harbor-ts/testing';
import { debianImageLayers, hostPackages, pushImage } from './image.mjs';
import { syntheticOsvExport } from './osv-export.mjs';

const RUNS = Number(process.env.BENCH_SCAN_RUNS ?? 10);
const MEGABYTES = Number(process.env.BENCH_SCAN_MB ?? 100);
const PACKAGES = Number(process.env.BENCH_SCAN_PACKAGES ?? 100);
const RECORDS = Number(process.env.BENCH_SCAN_RECORDS ?? 30_000);
const ARTIFACTS = Number(process.env.BENCH_SCAN_ARTIFACTS ?? 1000);
const root = new URL('../..', import.meta.url).pathname;
const REPORT = 'application/vnd.security.vulnerability.report; version=1.1';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];

if (!process.env.BENCH_SKIP_BUILD)
  execFileSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: root,
    stdio: 'inherit',
  });

const sourcePackages = [...hostPackages(PACKAGES).matchAll(/^Source: (\S+)/gm)].map((m) => m[1]);
const osv = JSON.stringify(syntheticOsvExport([...new Set(sourcePackages)], RECORDS));

async function waitFor(url) {
  for (let i = 0; i < 400; i++) {
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    await sleep(50);
  }
  throw new Error(`${url} did not answer`);
}

/** One image scanned RUNS times by the adapter alone, pulling from distribution. */
async function scanTimes() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-scan-'));
  const [registryPort, adapterPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'htpasswd'), `robot:${bcrypt.hashSync('secret', 4)}\n`);
  writeFileSync(
    join(dir, 'registry.yml'),
    `version: 0.1\nlog: { level: error }\nstorage: { filesystem: { rootdirectory: "${dir}/storage" } }\nhttp: { addr: "127.0.0.1:${registryPort}" }\nauth: { htpasswd: { realm: r, path: "${dir}/htpasswd" } }\n`,
  );
  mkdirSync(join(dir, 'data/osv'), { recursive: true });
  writeFileSync(join(dir, 'data/osv/debian.json'), osv);
  writeFileSync(
    join(dir, 'adapter.json'),
    JSON.stringify({
      service: 'trivy-adapter',
      version: 'bench',
      listen: { host: '127.0.0.1', port: adapterPort },
      log: { level: 'warn' },
      dataDir: join(dir, 'data'),
      scan: { ignoreUnfixed: false, insecure: false, timeoutMs: 300_000, concurrency: 4 },
      staleAfterHours: 168,
    }),
  );
  const registry = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'registry.yml')], {
    stdio: 'ignore',
  });
  const adapter = spawn(
    process.execPath,
    [join(root, 'apps/trivy-adapter/dist/main.js'), '--config', join(dir, 'adapter.json')],
    { stdio: 'inherit' },
  );
  try {
    const registryUrl = `http://127.0.0.1:${registryPort}`;
    const adapterUrl = `http://127.0.0.1:${adapterPort}`;
    await Promise.all([waitFor(`${registryUrl}/v2/`), waitFor(`${adapterUrl}/probe/healthy`)]);
    const auth = `Basic ${Buffer.from('robot:secret').toString('base64')}`;
    const layers = await debianImageLayers(MEGABYTES, PACKAGES);
    const size = layers.reduce((sum, l) => sum + l.length, 0);
    const digest = await pushImage(registryUrl, auth, 'bench/debian', 'latest', layers);
    const times = [];
    let found = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const accepted = await fetch(`${adapterUrl}/api/v1/scan`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          registry: { url: registryUrl, authorization: auth },
          artifact: { repository: 'bench/debian', digest },
        }),
      });
      const { id } = await accepted.json();
      let report;
      do {
        await sleep(20);
        report = await fetch(`${adapterUrl}/api/v1/scan/${id}/report`, {
          headers: { accept: REPORT },
          redirect: 'manual',
        });
      } while (report.status === 302);
      if (report.status !== 200) throw new Error(`scan failed: ${await report.text()}`);
      found = (await report.json()).vulnerabilities.length;
      times.push(performance.now() - started);
    }
    return { size, found, times };
  } finally {
    registry.kill('SIGTERM');
    adapter.kill('SIGTERM');
    await sleep(300);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Scan all over ARTIFACTS small images on the native stack installed --with-trivy. */
async function scanAll() {
  const stack = await startNativeStack({ withTrivy: true });
  try {
    writeFileSync(join(stack.dir, 'data/trivy-adapter/osv/debian.json'), osv);
    const admin = `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`;
    const api = (method, path, body) =>
      fetch(`${stack.url}/api/v2.0${path}`, {
        method,
        headers: { authorization: admin, 'content-type': 'application/json' },
        body: body && JSON.stringify(body),
      });
    await api('POST', '/projects', { project_name: 'bench', metadata: { public: 'false' } });
    const base = (await debianImageLayers(0, PACKAGES))[0];
    const pushStarted = performance.now();
    for (let i = 0; i < ARTIFACTS; i += 10)
      await Promise.all(
        Array.from({ length: Math.min(10, ARTIFACTS - i) }, (_, k) =>
          pushImage(stack.url, admin, `bench/app-${(i + k) % 20}`, `v${i + k}`, [base]),
        ),
      );
    const pushSeconds = (performance.now() - pushStarted) / 1000;
    // Let the adapter load the export (it looks every 10 s).
    await sleep(11_000);
    const started = performance.now();
    const run = await api('POST', '/system/scanAll/schedule', { schedule: { type: 'Manual' } });
    if (run.status !== 201) throw new Error(`scan all refused: ${run.status} ${await run.text()}`);
    let metrics;
    do {
      await sleep(1000);
      metrics = await (await api('GET', '/scans/all/metrics')).json();
    } while (metrics.ongoing);
    return { pushSeconds, seconds: (performance.now() - started) / 1000, metrics };
  } finally {
    await stack.stop();
  }
}

const trivy = spawnSync('trivy', ['--version']).status === 0;
const single = await scanTimes();
console.log(
  `one image: ${(single.size / 1e6).toFixed(0)} MB compressed, ${PACKAGES} packages, ${RECORDS} OSV records, ${single.found} findings`,
);
console.log(
  `  scan time over ${RUNS} runs: median ${(percentile(single.times, 0.5) / 1000).toFixed(2)} s, p95 ${(percentile(single.times, 0.95) / 1000).toFixed(2)} s (target < 2 s)`,
);
if (!trivy) console.log('  trivy is not installed here: no comparison with Trivy in this run');
const all = await scanAll();
console.log(
  `scan all: ${all.metrics.total} artifacts in ${all.seconds.toFixed(1)} s (target < 600 s); pushed in ${all.pushSeconds.toFixed(1)} s`,
);
console.log(`  ${JSON.stringify(all.metrics.metrics)}`);
