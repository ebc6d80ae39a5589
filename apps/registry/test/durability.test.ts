import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, registryConfig, startRegistry, type TestRegistry } from './harness.js';
import { freePort } from './distribution.js';
import { send, sha256 } from './http.js';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
let work: string;
beforeAll(() => {
  if (!existsSync(MAIN))
    throw new Error('build the registry first: npx turbo run build --filter=@harbor-ts/registry');
  work = mkdtempSync(join(tmpdir(), 'durability-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The built service as production runs it: `node dist/main.js --config <file>`. */
async function startProcess(
  port: number,
): Promise<{ child: ChildProcess; registry: Pick<TestRegistry, 'host'> }> {
  const config = { ...registryConfig(work), listen: { host: '127.0.0.1', port } };
  writeFileSync(join(work, 'registry.yml'), JSON.stringify(config));
  const child = spawn(process.execPath, [MAIN, '--config', join(work, 'registry.yml')], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`http://${host}/v2/`, { headers: { authorization: AUTH } }).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, registry: { host } };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error('registry process did not start');
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Sends the headers and `sent` bytes of a larger body, then the process is killed under it. */
function halfRequest(
  host: string,
  path: string,
  headers: Record<string, string>,
  sent: Buffer,
): Promise<void> {
  return new Promise((resolve) => {
    const [hostname, port] = host.split(':');
    const req = request({
      host: hostname,
      port: Number(port),
      method: headers['x-method'] ?? 'PATCH',
      path,
      headers,
    });
    req.on('error', () => resolve());
    req.write(sent, () => setTimeout(resolve, 300));
  });
}

const blobsDir = () => join(work, 'data/docker/registry/v2/blobs');
const countBlobs = () => (existsSync(blobsDir()) ? readdirSync(blobsDir(), { recursive: true }).length : 0);

describe('a process killed mid-upload', () => {
  it('leaves a resumable session and no committed partial blob', async () => {
    const blob = Buffer.alloc(6 << 20);
    for (let i = 0; i < blob.length; i += 4096) blob.writeUInt32BE(i, i);
    const digest = sha256(blob);
    const port = await freePort();
    let { child, registry } = await startProcess(port);
    const start = await send(registry as TestRegistry, 'POST', '/v2/lib/crash/blobs/uploads/');
    const location = start.headers.location as string;
    await send(registry as TestRegistry, 'PATCH', location, {
      body: blob.subarray(0, 1 << 20),
      headers: { 'content-range': `0-${(1 << 20) - 1}` },
    });
    const before = countBlobs();
    await halfRequest(
      registry.host,
      location,
      {
        authorization: AUTH,
        'content-range': `${1 << 20}-${blob.length - 1}`,
        'content-length': String(blob.length - (1 << 20)),
      },
      blob.subarray(1 << 20, 3 << 20),
    );
    await killed(child);
    expect(countBlobs()).toBe(before);

    ({ child, registry } = await startProcess(port));
    try {
      const status = await send(registry as TestRegistry, 'GET', location);
      expect(status.status).toBe(204);
      const offset = Number(/^0-(\d+)$/.exec(status.headers.range as string)?.[1]) + 1;
      expect(offset).toBeGreaterThanOrEqual(1 << 20);
      const rest = await send(registry as TestRegistry, 'PATCH', location, {
        body: blob.subarray(offset),
        headers: { 'content-range': `${offset}-${blob.length - 1}` },
      });
      expect(rest.status).toBe(202);
      expect((await send(registry as TestRegistry, 'PUT', `${location}?digest=${digest}`)).status).toBe(201);
      const got = await send(registry as TestRegistry, 'GET', `/v2/lib/crash/blobs/${digest}`);
      expect(got.body.equals(blob)).toBe(true);

      // A monolithic push killed half way commits nothing.
      const other = Buffer.alloc(4 << 20, 9);
      await halfRequest(
        registry.host,
        `/v2/lib/crash/blobs/uploads/?digest=${sha256(other)}`,
        {
          authorization: AUTH,
          'x-method': 'POST',
          'content-length': String(other.length),
        },
        other.subarray(0, 1 << 20),
      );
    } finally {
      await killed(child);
    }
    ({ child, registry } = await startProcess(port));
    try {
      expect(
        (
          await send(
            registry as TestRegistry,
            'HEAD',
            `/v2/lib/crash/blobs/${sha256(Buffer.alloc(4 << 20, 9))}`,
          )
        ).status,
      ).toBe(404);
    } finally {
      await killed(child);
    }
  });
});

describe('upload purging', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry.close());

  it('removes sessions older than ageMs, reports only in dry-run mode', async () => {
    const start = await send(registry, 'POST', '/v2/lib/stale/blobs/uploads/');
    const location = start.headers.location as string;
    const purger = registry.app.purger;
    const later = Date.now() + registry.config.uploadPurging.ageMs + 1000;
    registry.config.uploadPurging.dryRun = true;
    expect(await purger.purge(later)).toHaveLength(1);
    expect((await send(registry, 'GET', location)).status).toBe(204);
    registry.config.uploadPurging.dryRun = false;
    expect(await purger.purge(Date.now())).toHaveLength(0);
    expect(await purger.purge(later)).toHaveLength(1);
    expect((await send(registry, 'GET', location)).status).toBe(404);
  });
});
