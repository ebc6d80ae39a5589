// Starts the two registries the benchmark compares, on loopback, each over its own fresh data directory.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const bcrypt = require('bcryptjs');

export const USER = 'harbor_registry_user';
export const PASSWORD = 'bench-password';
export const AUTH = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

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

async function waitReady(url, child) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/v2/`, { headers: { authorization: AUTH } }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not start`);
}

function handle(name, child, url) {
  return {
    name,
    url,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** The flags production starts the registry with (apps/registry/node-flags, next to dist/). */
function nodeFlags(mainJs) {
  const file = join(dirname(dirname(mainJs)), 'node-flags');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('#'));
  return lines.join(' ').split(/\s+/).filter(Boolean);
}

/** harbor-ts as production runs it (with its node-flags) (built dist/main.js), with htpasswd auth on, as always. */
export async function startHarbor(work, mainJs, redisUrl) {
  const dir = join(work, 'harbor');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'htpasswd'), `${USER}:${bcrypt.hashSync(PASSWORD, 10)}\n`);
  const port = await freePort();
  const redis = new URL(redisUrl);
  const config = {
    service: 'registry',
    version: 'bench',
    listen: { host: '127.0.0.1', port },
    log: { level: 'warn', file: join(dir, 'registry.log') },
    storage: { rootDirectory: join(dir, 'data'), deleteEnabled: true, maxManifestBytes: 4 << 20 },
    uploadPurging: { enabled: false, ageMs: 604800000, intervalMs: 86400000, dryRun: false },
    auth: { htpasswdFile: join(dir, 'htpasswd') },
    redis: {
      host: redis.hostname,
      port: Number(redis.port || 6379),
      db: 0,
      keyPrefix: `bench-${process.pid}:`,
      eventStream: 'events',
    },
  };
  writeFileSync(join(dir, 'registry.yml'), JSON.stringify(config));
  const child = spawn(
    process.execPath,
    [...nodeFlags(mainJs), ...(process.env.HARBOR_EXTRA_FLAGS ?? '').split(' ').filter(Boolean), mainJs, '--config', join(dir, 'registry.yml')],
    { stdio: 'inherit' },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child);
  return handle('harbor-ts', child, url);
}

/**
 * Debian's docker-registry (CNCF distribution 2.8) with request logging off. It runs without auth:
 * its htpasswd check runs bcrypt on every request, which would make it look far slower than it is.
 */
export async function startDistribution(work) {
  const dir = join(work, 'distribution');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: error, accesslog: { disabled: true } }',
      'storage:',
      `  filesystem: { rootdirectory: "${join(dir, 'data')}" }`,
      '  delete: { enabled: true }',
      `http: { addr: "127.0.0.1:${port}" }`,
      '',
    ].join('\n'),
  );
  const child = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child);
  return handle('distribution', child, url);
}

/** CPU time (user + system, every thread) a process has used so far, in seconds. */
export function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** Resident set size (current and peak) of a process, from /proc, in MiB. */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Resets VmHWM so the next peak reading covers only what follows (Linux ≥ 4.0). */
export function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not permitted: the peak then covers the whole life of the process, which only overstates it.
  }
}
