#!/usr/bin/env node
// bench/replication: harbor-ts replication against `skopeo sync` in the same run (issue #13).
// Three native stacks: A holds BENCH_REPL_IMAGES (20) images sharing a BENCH_REPL_BASE_MIB (100) base
// layer, each with its own BENCH_REPL_LAYER_MIB (20) layer (~500 MiB in all); harbor-ts replicates them
// A → B with a push policy (registry type `harbor`), and `skopeo sync` copies the same images A → C
// (separate destinations, so neither finds the other's blobs). Prints wall time and throughput of each
// and their ratio; target: harbor-ts ≥ 1.2× skopeo's throughput. Needs a built workspace, skopeo, and
// what `install.sh --native` needs.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startNativeStack } from '@harbor-ts/testing';
import { cpuByProcess, cpuSpent } from './process-cpu.mjs';

const exec = promisify(execFile);
const MiB = 1024 * 1024;
const IMAGES = Number(process.env.BENCH_REPL_IMAGES ?? 20);
const BASE_MIB = Number(process.env.BENCH_REPL_BASE_MIB ?? 100);
const LAYER_MIB = Number(process.env.BENCH_REPL_LAYER_MIB ?? 20);
const ADMIN = { username: 'admin', password: 'Harbor12345' };
const BASIC = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;
const CREDS = `${ADMIN.username}:${ADMIN.password}`;

const digestOf = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** An OCI layout of the images: random layers stored as gzip level 0, so skopeo sends them as they are. */
function writeLayout() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-repl-'));
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const blob = (bytes, mediaType) => {
    const digest = digestOf(bytes);
    writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), bytes);
    return { mediaType, digest, size: bytes.length };
  };
  const layer = (mib) =>
    blob(gzipSync(randomBytes(mib * MiB), { level: 0 }), 'application/vnd.oci.image.layer.v1.tar+gzip');
  const base = layer(BASE_MIB);
  const manifests = [];
  for (let i = 0; i < IMAGES; i++) {
    const own = layer(LAYER_MIB);
    const config = blob(
      Buffer.from(
        JSON.stringify({
          architecture: 'amd64',
          os: 'linux',
          rootfs: { type: 'layers', diff_ids: [base.digest, own.digest] },
        }),
      ),
      'application/vnd.oci.image.config.v1+json',
    );
    const manifest = blob(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config,
          layers: [base, own],
        }),
      ),
      'application/vnd.oci.image.manifest.v1+json',
    );
    manifests.push({ ...manifest, annotations: { 'org.opencontainers.image.ref.name': `img-${i}` } });
  }
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
  return { dir, bytes: BASE_MIB * MiB + IMAGES * LAYER_MIB * MiB };
}

async function api(stack, method, path, body) {
  const response = await fetch(`${stack.url}/api/v2.0${path}`, {
    method,
    headers: { authorization: BASIC, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return { location: response.headers.get('location'), body: text ? JSON.parse(text) : undefined };
}

async function harborTsReplication(source, destination) {
  const registry = await api(source, 'POST', '/registries', {
    name: 'site-b',
    url: destination.url,
    type: 'harbor',
    credential: { type: 'basic', access_key: ADMIN.username, access_secret: ADMIN.password },
  });
  const policy = await api(source, 'POST', '/replication/policies', {
    name: 'bench',
    src_registry: null,
    dest_registry: { id: Number(registry.location.split('/').pop()) },
    dest_namespace: 'replicated',
    filters: [{ type: 'name', value: 'bench/**' }],
    trigger: { type: 'manual' },
    override: true,
    enabled: true,
  });
  const started = performance.now();
  const run = await api(source, 'POST', '/replication/executions', {
    policy_id: Number(policy.location.split('/').pop()),
  });
  const id = run.location.split('/').pop();
  for (;;) {
    const { body } = await api(source, 'GET', `/replication/executions/${id}`);
    if (body.status !== 'InProgress') {
      if (body.status !== 'Succeed')
        throw new Error(`replication ended ${body.status}: ${JSON.stringify(body)}`);
      return { seconds: (performance.now() - started) / 1000, tasks: body.total };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function skopeoSync(source, destination) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-skopeo-'));
  const images = Array.from({ length: IMAGES }, (_, i) => `    bench/img-${i}: [v1]`).join('\n');
  writeFileSync(
    join(dir, 'sync.yml'),
    `${source.registryHost}:\n  tls-verify: false\n  credentials:\n    username: ${ADMIN.username}\n    password: ${ADMIN.password}\n  images:\n${images}\n`,
  );
  await api(destination, 'POST', '/projects', { project_name: 'replicated' });
  const started = performance.now();
  await exec(
    'skopeo',
    [
      'sync',
      '--src',
      'yaml',
      '--dest',
      'docker',
      '--dest-tls-verify=false',
      '--dest-creds',
      CREDS,
      join(dir, 'sync.yml'),
      `${destination.registryHost}/replicated`,
    ],
    { maxBuffer: 64 * MiB },
  );
  rmSync(dir, { recursive: true, force: true });
  return { seconds: (performance.now() - started) / 1000 };
}

console.error('starting three native stacks…');
// BENCH_KEEP_DIRS=1 keeps the three instances' folders (logs) after the run.
const keepDir = process.env.BENCH_KEEP_DIRS === '1';
const stacks = await Promise.allSettled([0, 1, 2].map(() => startNativeStack({ keepDir })));
if (keepDir) console.error('instances:', stacks.map((s) => s.value?.dir).join(' '));
const [a, b, c] = stacks.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
const layout = writeLayout();
try {
  for (const s of stacks) if (s.status === 'rejected') throw s.reason;
  await api(a, 'POST', '/projects', { project_name: 'bench' });
  console.error(`pushing ${IMAGES} images (${(layout.bytes / MiB).toFixed(0)} MiB) to A…`);
  for (let i = 0; i < IMAGES; i++)
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      CREDS,
      `oci:${layout.dir}:img-${i}`,
      `docker://${a.registryHost}/bench/img-${i}:v1`,
    ]);
  // Other work on the machine moves both figures: the ratio is what compares.
  const loadBefore = loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
  // What each process spent, for where a run's time went (skopeo's own CPU is not counted).
  const reading = () => ({ a: cpuByProcess(a.dir), b: cpuByProcess(b.dir), c: cpuByProcess(c.dir) });
  console.error('harbor-ts replication A → B…');
  const beforeHarborTs = reading();
  const harborTs = await harborTsReplication(a, b);
  const afterHarborTs = reading();
  console.error('skopeo sync A → C…');
  const skopeo = await skopeoSync(a, c);
  const afterSkopeo = reading();
  const mibps = (seconds) => layout.bytes / MiB / seconds;
  const row = (name, seconds, extra = '') =>
    `${name.padEnd(32)}${seconds.toFixed(1).padStart(8)} s${mibps(seconds).toFixed(1).padStart(10)} MiB/s  ${extra}`;
  console.log(
    `${IMAGES} images, ${(layout.bytes / MiB).toFixed(0)} MiB of distinct blobs (one shared base layer)`,
  );
  console.log(`load average before: ${loadBefore}`);
  console.log(row('harbor-ts replication', harborTs.seconds, `${harborTs.tasks} task(s)`));
  console.log(row('skopeo sync', skopeo.seconds));
  console.log(`CPU during harbor-ts: A: ${cpuSpent(beforeHarborTs.a, afterHarborTs.a)}`);
  console.log(`                      B: ${cpuSpent(beforeHarborTs.b, afterHarborTs.b)}`);
  console.log(`CPU during skopeo:    A: ${cpuSpent(afterHarborTs.a, afterSkopeo.a)}`);
  console.log(`                      C: ${cpuSpent(afterHarborTs.c, afterSkopeo.c)}`);
  console.log(
    `ratio (harbor-ts throughput ÷ skopeo's): ${(skopeo.seconds / harborTs.seconds).toFixed(2)}×   target ≥ 1.2×`,
  );
} finally {
  rmSync(layout.dir, { recursive: true, force: true });
  await Promise.all([a, b, c].map((s) => s?.stop()));
}
