// The measured operations. Each returns a figure where higher is better (MiB/s or requests/s).
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Agent, Pool, request } from 'undici';
import { AUTH } from './servers.mjs';

const MiB = 1 << 20;
const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000, bodyTimeout: 0, headersTimeout: 0 });
const headers = { authorization: AUTH };

export const digestOf = (data) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function call(url, options) {
  const res = await request(url, {
    dispatcher: agent,
    ...options,
    headers: { ...headers, ...options.headers },
  });
  const body = await res.body.arrayBuffer();
  if (res.statusCode >= 300)
    throw new Error(
      `${options.method} ${url}: ${res.statusCode} ${Buffer.from(body).toString().slice(0, 200)}`,
    );
  return res;
}

const absolute = (base, location) => (location.startsWith('http') ? location : `${base}${location}`);
const withDigest = (location, digest) => `${location}${location.includes('?') ? '&' : '?'}digest=${digest}`;

async function openUpload(base, repo) {
  const res = await call(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  return absolute(base, res.headers.location);
}

/** POST a session, then PUT the whole blob with the digest (works the same on both registries). */
export async function pushMonolithic(base, repo, data) {
  const location = await openUpload(base, repo);
  await call(withDigest(location, digestOf(data)), {
    method: 'PUT',
    body: data,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.length) },
  });
}

export async function pushChunked(base, repo, data, chunkSize = 8 * MiB) {
  let location = await openUpload(base, repo);
  for (let offset = 0; offset < data.length; offset += chunkSize) {
    const chunk = data.subarray(offset, Math.min(offset + chunkSize, data.length));
    const res = await call(location, {
      method: 'PATCH',
      body: chunk,
      headers: {
        'content-type': 'application/octet-stream',
        'content-range': `${offset}-${offset + chunk.length - 1}`,
        'content-length': String(chunk.length),
      },
    });
    location = absolute(base, res.headers.location);
  }
  await call(withDigest(location, digestOf(data)), { method: 'PUT', headers: { 'content-length': '0' } });
}

export async function pull(base, repo, digest) {
  const res = await request(`${base}/v2/${repo}/blobs/${digest}`, { dispatcher: agent, headers });
  let size = 0;
  for await (const chunk of res.body) size += chunk.length;
  if (res.statusCode !== 200) throw new Error(`pull: ${res.statusCode}`);
  return size;
}

/** Streams `total` bytes of generated data as one PATCH; the digest is computed as it goes. */
export async function pushStreamed(base, repo, total) {
  const block = randomBytes(8 * MiB);
  const hash = createHash('sha256');
  let sent = 0;
  const body = Readable.from(
    (function* () {
      while (sent < total) {
        const chunk = Buffer.from(block); // a fresh buffer: the body may still hold the previous one
        chunk.writeUInt32BE(sent / MiB, 0);
        hash.update(chunk);
        sent += chunk.length;
        yield chunk;
      }
    })(),
  );
  const location = await openUpload(base, repo);
  const res = await call(location, {
    method: 'PATCH',
    body,
    headers: { 'content-type': 'application/octet-stream' },
  });
  await call(withDigest(absolute(base, res.headers.location), `sha256:${hash.digest('hex')}`), {
    method: 'PUT',
    headers: { 'content-length': '0' },
  });
}

export async function timed(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Pushes a small image and returns the path of its manifest. */
export async function seedManifest(base, repo) {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux' }));
  const layer = randomBytes(1024);
  await pushMonolithic(base, repo, config);
  await pushMonolithic(base, repo, layer);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: digestOf(config),
      size: config.length,
    },
    layers: [
      { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digestOf(layer), size: layer.length },
    ],
  });
  await call(`${base}/v2/${repo}/manifests/latest`, {
    method: 'PUT',
    body: manifest,
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
  });
  return `/v2/${repo}/manifests/latest`;
}

/** Requests per second over `seconds`, `connections` requests always in flight. */
export async function requestRate(base, path, method, connections, seconds) {
  const pool = new Pool(base, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const accept = 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json';
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (Date.now() < deadline) {
      const res = await pool.request({ path, method, headers: { ...headers, accept } });
      await res.body.dump();
      if (res.statusCode !== 200) throw new Error(`${method} ${path}: ${res.statusCode}`);
      done++;
    }
  };
  const start = Date.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const rate = done / ((Date.now() - start) / 1000);
  await pool.close();
  return rate;
}

export { MiB };
