#!/usr/bin/env node
// Push/pull benchmark: the full harbor-ts stack (nginx → core gatekeeper → registry) against CNCF
// distribution 2.8 (Debian's docker-registry) served directly, in the same run on this machine.
// Usage: npm run bench:pushpull   (needs: apt-get install docker-registry; a built workspace)
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { freePort, startNativeStack } from '@harbor-ts/testing';
import { leanGet } from './lean-download.mjs';

const MiB = 1024 * 1024;
const BIG_LAYER = 256 * MiB;
const ROUNDS = Number(process.env.PUSHPULL_ROUNDS ?? 3);
const CONCURRENCY = 32;
const SMALL_PULLS_PER_CLIENT = 10;
const TOKEN_SECONDS = 5;
const ADMIN = `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`;
const sha256 = (data) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const dispatcher = new Agent({
  connections: 128,
  keepAliveTimeout: 30_000,
  bodyTimeout: 600_000,
  headersTimeout: 600_000,
});

/** One registry under test: its base URL and how to get an Authorization header for a repository. */
async function http(base, path, { method = 'GET', headers = {}, body } = {}) {
  const target = sockets.get(base);
  return request(new URL(path, base), { method, headers, body, dispatcher: target ?? dispatcher });
}
/** Base URLs reached through a Unix socket (the harbor-ts registry behind core): its agent and path. */
const sockets = new Map();
const socketPaths = new Map();

async function expectStatus(response, status, what) {
  if (response.statusCode !== status)
    throw new Error(`${what}: HTTP ${response.statusCode} ${await response.body.text()}`);
  await response.body.dump();
}

/** A blob to push and its digest, computed once beforehand: docker knows a layer's digest before it uploads it. */
const blobOf = (data) => ({ data, digest: sha256(data) });

async function pushBlob(target, repository, { data, digest }, headers) {
  const start = await http(target.url, `/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
  const location = start.headers.location;
  await expectStatus(start, 202, 'start upload');
  const patch = await http(target.url, location, {
    method: 'PATCH',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: data,
  });
  const next = patch.headers.location;
  await expectStatus(patch, 202, 'upload');
  const url = new URL(next, target.url);
  url.searchParams.set('digest', digest);
  await expectStatus(
    await http(target.url, url.pathname + url.search, { method: 'PUT', headers }),
    201,
    'commit upload',
  );
}

/**
 * `layers`: blobOf(...) each, hashed before the clock starts (hashing 256 MiB three times in the timed push
 * cost the client 0.5 s, a third of a push, the same for every target: it pulled every ratio toward 1).
 * `auth`: the Authorization header for push, got before (docker asks for one token per push).
 */
async function pushImage(target, repository, tag, layers, auth) {
  const config = blobOf(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      }),
    ),
  );
  for (const blob of [config, ...layers]) await pushBlob(target, repository, blob, auth);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: config.digest,
      size: config.data.length,
    },
    layers: layers.map((l) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar',
      digest: l.digest,
      size: l.data.length,
    })),
  });
  const headers = { ...auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' };
  await expectStatus(
    await http(target.url, `/v2/${repository}/manifests/${tag}`, { method: 'PUT', headers, body: manifest }),
    201,
    'push manifest',
  );
}

/** A pull as docker does it: the manifest, then every blob it names (read by leanGet, see there). */
async function pullImage(target, repository, tag, headers) {
  const manifestResponse = await http(target.url, `/v2/${repository}/manifests/${tag}`, {
    headers: { ...headers, accept: 'application/vnd.oci.image.manifest.v1+json' },
  });
  if (manifestResponse.statusCode !== 200)
    throw new Error(`pull manifest: HTTP ${manifestResponse.statusCode}`);
  const manifest = await manifestResponse.body.json();
  let bytes = 0;
  for (const blob of [manifest.config, ...manifest.layers]) {
    const response = await leanGet(
      target.url,
      `/v2/${repository}/blobs/${blob.digest}`,
      headers,
      socketPaths.get(target.url),
    );
    if (response.status !== 200 || response.bytes !== blob.size)
      throw new Error(`pull blob: HTTP ${response.status}, ${response.bytes} bytes`);
    bytes += response.bytes;
  }
  return bytes;
}

async function timed(fn) {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, result };
}

/** Best of ROUNDS, the targets taking turns each round so that background load hits them alike. */
async function measureAll(targets, big) {
  const best = new Map(targets.map((t) => [t.name, { push: Infinity, pull: Infinity, small: Infinity }]));
  const small = [0, 1, 2].map((i) =>
    blobOf(Buffer.concat([Buffer.from(`small ${i}`), randomBytes(256 * 1024)])),
  );
  for (const target of targets)
    await pushImage(target, 'bench/small', 'v1', small, await target.auth('bench/small', 'pull,push'));
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets) {
      const figures = best.get(target.name);
      // 256 MiB layer: a fresh repository each round (no dedup), then pulled back.
      const repository = `bench/big${round}`;
      const pushAuth = await target.auth(repository, 'pull,push');
      figures.push = Math.min(
        figures.push,
        (await timed(() => pushImage(target, repository, 'v1', [big], pushAuth))).seconds,
      );
      const headers = await target.auth(repository, 'pull');
      figures.pull = Math.min(
        figures.pull,
        (await timed(() => pullImage(target, repository, 'v1', headers))).seconds,
      );
      // 32 clients pulling a small image (manifest + config + 3 layers of 256 KiB) again and again.
      const clients = await Promise.all(
        Array.from({ length: CONCURRENCY }, () => target.auth('bench/small', 'pull')),
      );
      const { seconds } = await timed(() =>
        Promise.all(
          clients.map(async (h) => {
            for (let i = 0; i < SMALL_PULLS_PER_CLIENT; i++) await pullImage(target, 'bench/small', 'v1', h);
          }),
        ),
      );
      figures.small = Math.min(figures.small, seconds);
    }
  }
  return Object.fromEntries(
    [...best].map(([name, f]) => [
      name,
      {
        pushMiBs: BIG_LAYER / MiB / f.push,
        pullMiBs: BIG_LAYER / MiB / f.pull,
        smallPullsPerSecond: (CONCURRENCY * SMALL_PULLS_PER_CLIENT) / f.small,
      },
    ]),
  );
}

/** Token requests per second, 32 at a time: basic-auth users (scrypt) and anonymous on a public project. */
async function tokenRate(url, authorization) {
  const deadline = Date.now() + TOKEN_SECONDS * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const response = await http(
          url,
          '/service/token?service=harbor-registry&scope=repository:library/bench:pull,push',
          {
            headers: authorization ? { authorization } : {},
          },
        );
        await expectStatus(response, 200, 'token');
        count++;
      }
    }),
  );
  return count / TOKEN_SECONDS;
}

async function startDistribution() {
  const dir = mkdtempSync(join(tmpdir(), 'distribution-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url}/v2/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 100 || child.exitCode !== null)
      throw new Error('docker-registry did not start (apt-get install docker-registry)');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name: 'distribution',
    url,
    auth: async () => ({}),
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh native instance; PUSHPULL_INSTANCE=<dir of a running one> reuses that instead (no build). */
async function startHarbor() {
  const reuse = process.env.PUSHPULL_INSTANCE;
  const stack = reuse
    ? {
        dir: reuse,
        url: `http://127.0.0.1:${/^\s+port: (\d+)$/m.exec(readFileSync(join(reuse, 'harbor.yml'), 'utf8'))[1]}`,
        stop: async () => undefined,
      }
    : await startNativeStack();
  const project = await fetch(`${stack.url}/api/v2.0/projects`, {
    method: 'POST',
    headers: { authorization: ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ project_name: 'bench', metadata: { public: 'false' } }),
  });
  if (project.status !== 201 && project.status !== 409)
    throw new Error(`create project: HTTP ${project.status}`);
  const registrySocket = join(stack.dir, 'data', 'run', 'registry.sock');
  const registryPassword = readFileSync(
    join(stack.dir, 'data', 'secret', 'registry', 'password'),
    'utf8',
  ).trim();
  socketPaths.set('http://registry', registrySocket);
  sockets.set(
    'http://registry',
    new Agent({
      connect: { socketPath: registrySocket },
      connections: 128,
      bodyTimeout: 600_000,
      headersTimeout: 600_000,
    }),
  );
  const registryAuth = {
    authorization: `Basic ${Buffer.from(`harbor_registry_user:${registryPassword}`).toString('base64')}`,
  };
  return {
    name: 'harbor',
    url: stack.url,
    // The registry alone, behind the gateway: where the bytes end up, without nginx and core.
    registry: { name: 'registry', url: 'http://registry', auth: async () => registryAuth },
    // docker's flow: one token per repository and action set, sent as a bearer token.
    auth: async (repository, actions) => {
      const response = await fetch(
        `${stack.url}/service/token?service=harbor-registry&scope=repository:${repository}:${actions}`,
        { headers: { authorization: ADMIN } },
      );
      return { authorization: `Bearer ${(await response.json()).token}` };
    },
    stop: () => stack.stop(),
  };
}

const big = blobOf(randomBytes(BIG_LAYER));
console.log('starting docker-registry (distribution) and the harbor-ts native stack…');
const [distribution, harbor] = await Promise.all([startDistribution(), startHarbor()]);
try {
  const results = await measureAll([distribution, harbor.registry, harbor], big);
  const [direct, registry, full] = [results.distribution, results.registry, results.harbor];
  const tokensUser = await tokenRate(harbor.url, ADMIN);
  const tokensAnonymous = await tokenRate(harbor.url, undefined);
  const row = (name, key, unit) =>
    `| ${name} | ${direct[key].toFixed(1)} ${unit} | ${registry[key].toFixed(1)} ${unit} | ${full[key].toFixed(1)} ${unit} | ${(full[key] / direct[key]).toFixed(2)}× |`;
  console.log(`
| measure (best of ${ROUNDS}) | distribution 2.8 direct | harbor-ts registry alone | harbor-ts full stack (nginx, core) | full stack / distribution |
|---|---|---|---|---|
${row('push 256 MiB layer', 'pushMiBs', 'MiB/s')}
${row('pull 256 MiB layer', 'pullMiBs', 'MiB/s')}
${row(`small image pulls, ${CONCURRENCY} concurrent`, 'smallPullsPerSecond', 'pulls/s')}

token requests/s (${CONCURRENCY} concurrent, ${TOKEN_SECONDS} s): ${tokensUser.toFixed(0)} with basic auth (admin), ${tokensAnonymous.toFixed(0)} anonymous`);
} finally {
  distribution.stop();
  await harbor.stop();
  await dispatcher.close();
  await Promise.all([...sockets.values()].map((agent) => agent.close()));
}
