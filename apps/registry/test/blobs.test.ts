import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, REDIS_URL, startRegistry, type TestRegistry } from './harness.js';
import { pushBlob, send, sha256 } from './http.js';

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry.close());

const blobPath = (digest: string) =>
  join(registry.root, 'docker/registry/v2/blobs/sha256', digest.slice(7, 9), digest.slice(7), 'data');

/** Starts a download and drops the connection once the body has begun. */
function abortAfterFirstBytes(path: string): Promise<void> {
  const [host, port] = registry.host.split(':');
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host, port: Number(port), path, headers: { authorization: AUTH } }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', (error) => (req.destroyed ? resolve() : reject(error)));
    req.end();
  });
}

async function openSession(name: string): Promise<string> {
  const res = await send(registry, 'POST', `/v2/${name}/blobs/uploads/`);
  expect(res.status).toBe(202);
  expect(res.headers['docker-upload-uuid']).toMatch(/^[0-9a-f-]{36}$/);
  return res.headers.location as string;
}

describe('ping and credentials', () => {
  it('asks for Basic credentials and accepts only core’s', async () => {
    const anonymous = await send(registry, 'GET', '/v2/', { auth: false });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Basic');
    expect(anonymous.json().errors[0]?.code).toBe('UNAUTHORIZED');
    const wrong = await send(registry, 'GET', '/v2/', {
      auth: false,
      headers: { authorization: `Basic ${Buffer.from('harbor_registry_user:nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    const ok = await send(registry, 'GET', '/v2/');
    expect(ok.status).toBe(200);
    expect(ok.headers['docker-distribution-api-version']).toBe('registry/2.0');
  });
});

describe('monolithic upload and blob reads', () => {
  it('commits with ?digest=, serves HEAD/GET/Range and publishes a commit event', async () => {
    const data = Buffer.from('0123456789abcdef');
    const digest = await pushBlob(registry, 'lib/mono', data);
    const head = await send(registry, 'HEAD', `/v2/lib/mono/blobs/${digest}`);
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('16');
    expect(head.headers['docker-content-digest']).toBe(digest);
    const get = await send(registry, 'GET', `/v2/lib/mono/blobs/${digest}`);
    expect(get.body.equals(data)).toBe(true);
    const partial = await send(registry, 'GET', `/v2/lib/mono/blobs/${digest}`, {
      headers: { range: 'bytes=2-5' },
    });
    expect(partial.status).toBe(206);
    expect(partial.headers['content-range']).toBe('bytes 2-5/16');
    expect(partial.body.toString()).toBe('2345');
    const suffix = await send(registry, 'GET', `/v2/lib/mono/blobs/${digest}`, {
      headers: { range: 'bytes=-3' },
    });
    expect(suffix.body.toString()).toBe('def');
    const beyond = await send(registry, 'GET', `/v2/lib/mono/blobs/${digest}`, {
      headers: { range: 'bytes=99-' },
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe('bytes */16');

    const redis = new Redis(REDIS_URL.toString(), { keyPrefix: registry.config.redis.keyPrefix });
    try {
      await expect
        .poll(async () => (await redis.xrange(registry.config.redis.eventStream, '-', '+')).length)
        .toBeGreaterThan(0);
      const events = await redis.xrange(registry.config.redis.eventStream, '-', '+');
      const fields = events.map(([, values]) =>
        Object.fromEntries(
          values.reduce<string[][]>(
            (pairs, v, i) => (i % 2 ? pairs : [...pairs, [v, values[i + 1] ?? '']]),
            [],
          ),
        ),
      );
      expect(fields).toContainEqual(
        expect.objectContaining({
          type: 'blob',
          repository: 'lib/mono',
          digest,
          size: '16',
          mediaType: 'application/octet-stream',
        }),
      );
    } finally {
      redis.disconnect();
    }
  });

  it('serves blobs larger than its read buffers, whole and by range, to concurrent and departing clients', async () => {
    const data = randomBytes((5 << 20) + 12345); // several 512 KiB reads, the last one short
    const digest = await pushBlob(registry, 'lib/large', data);
    const path = `/v2/lib/large/blobs/${digest}`;
    const whole = await Promise.all([1, 2, 3].map(() => send(registry, 'GET', path)));
    for (const res of whole) {
      expect(res.status).toBe(200);
      expect(res.headers['docker-content-digest']).toBe(digest);
      expect(res.body.equals(data)).toBe(true);
    }
    const start = (2 << 20) - 7;
    const end = (4 << 20) + 99;
    const part = await send(registry, 'GET', path, { headers: { range: `bytes=${start}-${end}` } });
    expect(part.status).toBe(206);
    expect(part.headers['content-length']).toBe(String(end - start + 1));
    expect(part.body.equals(data.subarray(start, end + 1))).toBe(true);
    await abortAfterFirstBytes(path);
    expect((await send(registry, 'GET', path)).body.equals(data)).toBe(true);
  });

  it('refuses a monolithic upload whose bytes do not match and keeps nothing', async () => {
    const wrong = sha256('something else');
    const res = await send(registry, 'POST', `/v2/lib/mono/blobs/uploads/?digest=${wrong}`, {
      body: 'payload',
    });
    expect(res.status).toBe(400);
    expect(res.json().errors[0]?.code).toBe('DIGEST_INVALID');
    expect(existsSync(blobPath(wrong))).toBe(false);
    expect(existsSync(blobPath(sha256('payload')))).toBe(false);
  });

  it('answers BLOB_UNKNOWN for blobs not linked into the repository', async () => {
    const digest = await pushBlob(registry, 'lib/owner', 'private bytes');
    const res = await send(registry, 'GET', `/v2/lib/other/blobs/${digest}`);
    expect(res.status).toBe(404);
    expect(res.json().errors[0]?.code).toBe('BLOB_UNKNOWN');
  });
});

describe('chunked upload sessions', () => {
  it('takes chunks in order, reports progress for resuming and verifies at PUT', async () => {
    const location = await openSession('lib/chunked');
    const first = await send(registry, 'PATCH', location, {
      body: 'hello ',
      headers: { 'content-range': '0-5' },
    });
    expect(first.status).toBe(202);
    expect(first.headers.range).toBe('0-5');
    const status = await send(registry, 'GET', location);
    expect(status.status).toBe(204);
    expect(status.headers.range).toBe('0-5');
    expect(status.headers.location).toBe(location);
    const outOfOrder = await send(registry, 'PATCH', location, {
      body: 'xx',
      headers: { 'content-range': '10-11' },
    });
    expect(outOfOrder.status).toBe(416);
    expect(outOfOrder.headers.range).toBe('0-5');
    const mismatched = await send(registry, 'PATCH', location, {
      body: 'world',
      headers: { 'content-range': '6-10', 'content-length': '4' },
    });
    expect(mismatched.status).toBe(400);
    const second = await send(registry, 'PATCH', location, {
      body: 'world',
      headers: { 'content-range': '6-10' },
    });
    expect(second.headers.range).toBe('0-10');
    const digest = sha256('hello world!');
    const done = await send(registry, 'PUT', `${location}?digest=${digest}`, {
      body: '!',
      headers: { 'content-range': '11-11' },
    });
    expect(done.status).toBe(201);
    expect(done.headers.location).toBe(`/v2/lib/chunked/blobs/${digest}`);
    expect((await send(registry, 'GET', `/v2/lib/chunked/blobs/${digest}`)).body.toString()).toBe(
      'hello world!',
    );
    expect((await send(registry, 'GET', location)).status).toBe(404);
  });

  it('streams a PATCH without Content-Range (docker style) and rejects PUT without a digest', async () => {
    const location = await openSession('lib/stream');
    await send(registry, 'PATCH', location, { body: Buffer.alloc(100_000, 7) });
    const noDigest = await send(registry, 'PUT', location);
    expect(noDigest.status).toBe(400);
    expect(noDigest.json().errors[0]?.code).toBe('DIGEST_INVALID');
    const digest = sha256(Buffer.alloc(100_000, 7));
    expect((await send(registry, 'PUT', `${location}?digest=${digest}`)).status).toBe(201);
  });

  it('commits an empty blob from a session that never received a byte', async () => {
    const location = await openSession('lib/empty');
    expect((await send(registry, 'GET', location)).headers.range).toBe('0-0');
    const digest = sha256('');
    expect((await send(registry, 'PUT', `${location}?digest=${digest}`)).status).toBe(201);
    const got = await send(registry, 'GET', `/v2/lib/empty/blobs/${digest}`);
    expect(got.status).toBe(200);
    expect(got.body.length).toBe(0);
  });

  it('cancels a session with DELETE', async () => {
    const location = await openSession('lib/cancel');
    expect((await send(registry, 'DELETE', location)).status).toBe(204);
    const after = await send(registry, 'GET', location);
    expect(after.status).toBe(404);
    expect(after.json().errors[0]?.code).toBe('BLOB_UPLOAD_UNKNOWN');
  });

  it('keeps a session to its repository', async () => {
    const location = await openSession('team/a');
    const stolen = location.replace('/team/a/', '/team/b/');
    for (const method of ['GET', 'PATCH', 'PUT', 'DELETE']) {
      const res = await send(registry, method, `${stolen}?digest=${sha256('')}`, { body: '' });
      expect(res.status, method).toBe(404);
      expect(res.json().errors[0]?.code).toBe('BLOB_UPLOAD_UNKNOWN');
    }
    expect((await send(registry, 'GET', location)).status).toBe(204);
  });

  it('answers BLOB_UPLOAD_UNKNOWN for malformed session ids', async () => {
    const res = await send(registry, 'GET', '/v2/lib/x/blobs/uploads/not-a-uuid');
    expect(res.status).toBe(404);
    expect(res.json().errors[0]?.code).toBe('BLOB_UPLOAD_UNKNOWN');
  });
});

describe('cross-repository mount', () => {
  it('mounts a blob the source repository has (201) and falls back to an upload otherwise (202)', async () => {
    const digest = await pushBlob(registry, 'src/repo', 'shared layer');
    const mounted = await send(registry, 'POST', `/v2/dst/repo/blobs/uploads/?mount=${digest}&from=src/repo`);
    expect(mounted.status).toBe(201);
    expect(mounted.headers.location).toBe(`/v2/dst/repo/blobs/${digest}`);
    expect(mounted.headers['docker-content-digest']).toBe(digest);
    expect((await send(registry, 'HEAD', `/v2/dst/repo/blobs/${digest}`)).status).toBe(200);
    const missing = await send(
      registry,
      'POST',
      `/v2/dst/repo/blobs/uploads/?mount=${sha256('nope')}&from=src/repo`,
    );
    expect(missing.status).toBe(202);
    expect(missing.headers.location).toMatch(/^\/v2\/dst\/repo\/blobs\/uploads\//);
  });
});

describe('blob deletion', () => {
  it('unlinks the blob from the repository', async () => {
    const digest = await pushBlob(registry, 'lib/delete', 'to be deleted');
    const res = await send(registry, 'DELETE', `/v2/lib/delete/blobs/${digest}`);
    expect(res.status).toBe(202);
    expect((await send(registry, 'HEAD', `/v2/lib/delete/blobs/${digest}`)).status).toBe(404);
    expect((await send(registry, 'DELETE', `/v2/lib/delete/blobs/${digest}`)).status).toBe(404);
  });
});

describe('with deletion disabled', () => {
  it('answers 405 and keeps blobs and manifests', async () => {
    const locked = await startRegistry({ storage: { deleteEnabled: false } });
    try {
      const digest = await pushBlob(locked, 'lib/keep', 'kept');
      const res = await send(locked, 'DELETE', `/v2/lib/keep/blobs/${digest}`);
      expect(res.status).toBe(405);
      expect(res.json().errors[0]?.code).toBe('UNSUPPORTED');
      expect((await send(locked, 'DELETE', `/v2/lib/keep/manifests/${digest}`)).status).toBe(405);
      expect((await send(locked, 'HEAD', `/v2/lib/keep/blobs/${digest}`)).status).toBe(200);
    } finally {
      await locked.close();
    }
  });
});
