#!/usr/bin/env node
// bench/replication/proxy-cache: pulls through a proxy-cache project against pulls from its upstream
// (issue #13). One native stack and a CNCF distribution 2.8 (Debian's docker-registry, htpasswd) holding
// one image of BENCH_PROXY_LAYERS (4) random layers of BENCH_PROXY_LAYER_MIB (50) MiB each. skopeo copies
// the image into a local dir three ways: straight from distribution, through the proxy cache the first time
// (fetched from distribution while served and stored), and through the cache again (served locally).
// Prints the wall times and the throughput ratios to the direct pull; targets: first ≥ 0.8×, cached ≥ 1.0×.
// Needs a built workspace, skopeo, /usr/bin/docker-registry and what `install.sh --native` needs.
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startNativeStack } from '@harbor-ts/testing';
import { cpuSeconds } from './process-cpu.mjs';

const exec = promisify(execFile);
const MiB = 1024 * 1024;
const LAYERS = Number(process.env.BENCH_PROXY_LAYERS ?? 4);
const LAYER_MIB = Number(process.env.BENCH_PROXY_LAYER_MIB ?? 50);
const ADMIN = { username: 'admin', password: 'Harbor12345' };
const REMOTE = { username: 'bench', password: `bench-${randomBytes(6).toString('hex')}` };
const basic = ({ username, password }) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const digestOf = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** distribution with htpasswd on a free port; the password hashed by htpasswd's own bcrypt (apache2-utils) or Node's bcryptjs. */
async function startDistribution() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-proxy-dist-'));
  const port = await freePort();
  const { default: bcrypt } = await import('bcryptjs');
  writeFileSync(join(dir, 'htpasswd'), `${REMOTE.username}:${bcrypt.hashSync(REMOTE.password, 10)}\n`);
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n` +
      `http:\n  addr: 127.0.0.1:${port}\nauth:\n  htpasswd:\n    realm: basic-realm\n    path: ${dir}/htpasswd\n`,
  );
  const child = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${url}/v2/`).then(
      (r) => r.status === 401,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dir,
    host: `127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An OCI layout of one image with random layers (gzip level 0, so skopeo sends them as they are). */
function writeLayout() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-proxy-'));
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const blob = (bytes, mediaType) => {
    const digest = digestOf(bytes);
    writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), bytes);
    return { mediaType, digest, size: bytes.length };
  };
  const layers = Array.from({ length: LAYERS }, () =>
    blob(gzipSync(randomBytes(LAYER_MIB * MiB), { level: 0 }), 'application/vnd.oci.image.layer.v1.tar+gzip'),
  );
  const config = blob(
    Buffer.from(
      JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
    ),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = blob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config,
        layers,
      }),
    ),
    'application/vnd.oci.image.manifest.v1+json',
  );
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const tagged = { ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'v1' } };
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [tagged] }));
  return { dir, digest: manifest.digest, bytes: layers.reduce((sum, l) => sum + l.size, config.size) };
}

async function api(stack, method, path, body) {
  const res = await fetch(`${stack.url}/api/v2.0${path}`, {
    method,
    headers: { authorization: basic(ADMIN), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

/**
 * skopeo copy of `source` into a fresh dir: wall seconds, and the CPU seconds harbor-ts's processes and
 * distribution's spent meanwhile (what a pull costs the server side, whatever else loads the machine).
 */
async function pull(source, creds) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-proxy-pull-'));
  const cpuBefore = { harbor: cpuSeconds(stack.dir), distribution: cpuSeconds(dist.dir) };
  const started = process.hrtime.bigint();
  await exec('skopeo', ['copy', '--src-tls-verify=false', '--src-creds', creds, source, `dir:${dir}`]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = {
    harbor: cpuSeconds(stack.dir) - cpuBefore.harbor,
    distribution: cpuSeconds(dist.dir) - cpuBefore.distribution,
  };
  rmSync(dir, { recursive: true, force: true });
  return { seconds, cpu };
}

const layout = writeLayout();
const [stackResult, dist] = await Promise.all([
  startNativeStack({ keepDir: process.env.BENCH_KEEP_DIRS === '1' }).then(
    (s) => ({ ok: s }),
    (e) => ({ error: e }),
  ),
  startDistribution(),
]);
const stack = stackResult.ok;
try {
  if (!stack) throw stackResult.error;
  const remoteCreds = `${REMOTE.username}:${REMOTE.password}`;
  await exec('skopeo', [
    'copy',
    '--dest-tls-verify=false',
    '--dest-creds',
    remoteCreds,
    `oci:${layout.dir}:v1`,
    `docker://${dist.host}/library/app:v1`,
  ]);
  const created = await api(stack, 'POST', '/registries', {
    name: 'bench-upstream',
    url: dist.url,
    type: 'docker-registry',
    credential: { type: 'basic', access_key: REMOTE.username, access_secret: REMOTE.password },
  });
  const registryId = Number(created.headers.get('location').split('/').pop());
  await api(stack, 'POST', '/projects', { project_name: 'cache', registry_id: registryId });
  const adminCreds = `${ADMIN.username}:${ADMIN.password}`;
  const through = `docker://${stack.registryHost}/cache/library/app:v1`;

  console.error(`image: ${LAYERS} × ${LAYER_MIB} MiB (${(layout.bytes / MiB).toFixed(0)} MiB)`);
  const loadBefore = loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
  const direct = await pull(`docker://${dist.host}/library/app:v1`, remoteCreds);
  const first = await pull(through, adminCreds);
  // The cache stores the manifest once its layers are in; wait for it before the cached pull.
  for (let i = 0; i < 240; i++) {
    const res = await api(stack, 'GET', '/projects/cache/repositories/library%252Fapp/artifacts').catch(
      () => undefined,
    );
    const listed = res ? await res.json() : [];
    if (listed.some((a) => a.digest === layout.digest)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const cached = await pull(through, adminCreds);

  const mib = layout.bytes / MiB;
  const row = (name, { seconds, cpu }) =>
    `${name.padEnd(28)} ${seconds.toFixed(2).padStart(7)} s  ${(mib / seconds).toFixed(1).padStart(7)} MiB/s` +
    `   CPU: harbor-ts ${cpu.harbor.toFixed(2)} s, distribution ${cpu.distribution.toFixed(2)} s`;
  console.log(`load average before: ${loadBefore}`);
  console.log(row('direct from distribution', direct));
  console.log(row('first pull through cache', first));
  console.log(row('cached pull', cached));
  console.log(
    `first pull ÷ direct (throughput): ${(direct.seconds / first.seconds).toFixed(2)}×   target ≥ 0.8×`,
  );
  console.log(
    `cached pull ÷ direct (throughput): ${(direct.seconds / cached.seconds).toFixed(2)}×   target ≥ 1.0×`,
  );
} finally {
  await stack?.stop();
  dist.stop();
  rmSync(layout.dir, { recursive: true, force: true });
}
