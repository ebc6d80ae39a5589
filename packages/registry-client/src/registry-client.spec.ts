import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseChallenge } from './challenge.js';
import { nextLink, RegistryClient } from './registry-client.js';

interface Seen {
  method: string;
  url: string;
  auth?: string;
}

/** A tiny distribution-like server: bearer auth, paged catalog, uploads kept in memory. */
async function fakeRegistry(behaviour: { failFirst?: number; retryAfter?: string; realm?: string } = {}) {
  const seen: Seen[] = [];
  const source = Buffer.from('hello blob '.repeat(1000));
  const blobs = new Map<string, Buffer>([
    [`sha256:${createHash('sha256').update(source).digest('hex')}`, source],
  ]);
  const uploads = new Map<string, Buffer[]>();
  let failures = behaviour.failFirst ?? 0;
  let tokens = 0;
  const read = async (req: IncomingMessage) => {
    const parts: Buffer[] = [];
    for await (const chunk of req) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url!, 'http://x');
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization });
      const body = await read(req);
      if (url.pathname === '/token') {
        tokens++;
        if (req.headers.authorization !== `Basic ${Buffer.from('u:p').toString('base64')}`)
          return res.writeHead(401).end();
        return res.end(
          JSON.stringify({ token: `t-${url.searchParams.getAll('scope').join('|')}`, expires_in: 300 }),
        );
      }
      if (!req.headers.authorization?.startsWith('Bearer ')) {
        const realm = behaviour.realm ?? `http://${req.headers.host}/token`;
        res.setHeader('www-authenticate', `Bearer realm="${realm}",service="fake"`);
        return res.writeHead(401).end();
      }
      if (failures > 0) {
        failures--;
        if (behaviour.retryAfter) res.setHeader('retry-after', behaviour.retryAfter);
        return res.writeHead(503).end('{"errors":[{"code":"UNAVAILABLE","message":"busy"}]}');
      }
      if (url.pathname === '/v2/_catalog') {
        const last = url.searchParams.get('last');
        if (!last) {
          res.setHeader('link', '</v2/_catalog?n=2&last=b>; rel="next"');
          return res.end(JSON.stringify({ repositories: ['a', 'b'] }));
        }
        return res.end(JSON.stringify({ repositories: ['c'] }));
      }
      const blob = /^\/v2\/(.+)\/blobs\/(sha256:\w+)$/.exec(url.pathname);
      if (blob && req.method === 'GET') {
        const data = blobs.get(blob[2]!);
        return data ? res.end(data) : res.writeHead(404).end();
      }
      if (url.pathname.endsWith('/blobs/uploads/') && req.method === 'POST') {
        const id = `u${uploads.size}`;
        uploads.set(id, []);
        res.setHeader('location', `/v2/dst/blobs/uploads/${id}?_state=x`);
        return res.writeHead(202).end();
      }
      const upload = /\/blobs\/uploads\/(u\d+)$/.exec(url.pathname);
      if (upload) {
        uploads.get(upload[1]!)!.push(body);
        if (req.method === 'PATCH') {
          res.setHeader('location', req.url!);
          return res.writeHead(202).end();
        }
        const data = Buffer.concat(uploads.get(upload[1]!)!);
        const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
        if (digest !== url.searchParams.get('digest')) return res.writeHead(400).end();
        blobs.set(digest, data);
        return res.writeHead(201).end();
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, blobs, tokens: () => tokens, close: () => new Promise((r) => server.close(r)) };
}

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('RegistryClient', () => {
  it('follows the bearer challenge, caches the token per scope and reads every catalog page', async () => {
    const fake = await fakeRegistry();
    servers.push(fake);
    const client = new RegistryClient({ url: fake.url, username: 'u', password: 'p' });
    expect(await client.catalog()).toEqual(['a', 'b', 'c']);
    expect(fake.tokens()).toBe(1);
    expect(fake.seen.filter((s) => s.url.startsWith('/v2/_catalog')).map((s) => s.auth)).toEqual([
      'Bearer t-registry:catalog:*',
      'Bearer t-registry:catalog:*',
    ]);
    await client.close();
  });

  it('asks tokenServiceUrl for tokens when the challenge names a realm it cannot reach (compose)', async () => {
    // As core's challenge names the external URL, which a container may not reach.
    const fake = await fakeRegistry({ realm: 'http://127.0.0.1:9/token' });
    servers.push(fake);
    const unreachable = new RegistryClient({ url: fake.url, username: 'u', password: 'p' }, { attempts: 1 });
    await expect(unreachable.catalog()).rejects.toThrow();
    await unreachable.close();
    const client = new RegistryClient({
      url: fake.url,
      username: 'u',
      password: 'p',
      tokenServiceUrl: `${fake.url}/token`,
    });
    expect(await client.catalog()).toEqual(['a', 'b', 'c']);
    expect(fake.tokens()).toBe(1);
    await client.close();
  });

  it('retries a 503 after the Retry-After the remote asked for, then succeeds', async () => {
    const fake = await fakeRegistry({ failFirst: 2, retryAfter: '0' });
    servers.push(fake);
    const retries: string[] = [];
    const client = new RegistryClient(
      { url: fake.url, username: 'u', password: 'p' },
      { onRetry: (error) => retries.push(error.message) },
    );
    expect(await client.catalog()).toHaveLength(3);
    expect(retries).toEqual([expect.stringContaining('503 UNAVAILABLE: busy'), expect.any(String)]);
    await client.close();
  });

  it('gives up with the remote reason when the tries are used up', async () => {
    const fake = await fakeRegistry({ failFirst: 10, retryAfter: '0' });
    servers.push(fake);
    const client = new RegistryClient({ url: fake.url, username: 'u', password: 'p' }, { attempts: 3 });
    await expect(client.catalog()).rejects.toThrow(/503 UNAVAILABLE: busy/);
    await client.close();
  });

  it('copies a blob monolithically and by chunks, with a speed limit', async () => {
    const fake = await fakeRegistry();
    servers.push(fake);
    const client = new RegistryClient({ url: fake.url, username: 'u', password: 'p' });
    const [[digest, data]] = [...fake.blobs] as [[string, Buffer]];
    const from = { repository: 'src', digest, size: data.length };
    await client.copyBlobFrom(client, from, 'dst');
    expect(
      fake.seen.filter((s) => s.method === 'PUT' && decodeURIComponent(s.url).includes(digest)),
    ).toHaveLength(1);
    const started = Date.now();
    await client.copyBlobFrom(client, from, 'dst', { byChunk: true, chunkSize: 4000, speedKb: 20 });
    expect(
      fake.seen.filter((s) => s.method === 'PUT' && decodeURIComponent(s.url).includes(digest)),
    ).toHaveLength(2);
    expect(fake.seen.filter((s) => s.method === 'PATCH')).toHaveLength(3);
    // 11000 bytes at 20 KiB/s take about half a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    await client.close();
  });
});

describe('challenge and link parsing', () => {
  it('reads quoted parameters with commas', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://h/service/token",service="harbor-registry",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      realm: 'https://h/service/token',
      service: 'harbor-registry',
      scope: 'repository:a/b:pull,push',
    });
    expect(parseChallenge('Basic realm="x"')).toEqual({ scheme: 'basic' });
    expect(nextLink('</v2/_catalog?last=b&n=2>; rel="next"')).toBe('/v2/_catalog?last=b&n=2');
    expect(nextLink(undefined)).toBeUndefined();
  });
});

describe('HEAD answers other than 200 and 404', () => {
  it('reject with the status instead of taking the process down', async () => {
    // A Harbor answers 403 to a HEAD in a project the credential may not see.
    const server = createServer((req, res) => {
      if (req.url === '/v2/') return res.writeHead(200).end();
      res.writeHead(403, { 'content-type': 'application/json' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new RegistryClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    try {
      await expect(client.headManifest('p/app', 'v1')).rejects.toThrow(/HEAD p\/app:v1.*403/);
      await expect(client.blobExists('p/app', `sha256:${'a'.repeat(64)}`)).rejects.toThrow(/403/);
      // Still alive a tick later: the drained body was not read again.
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await client.close();
      server.close();
    }
  });
});
