import type { Readable } from 'node:stream';
import { repositoryScope } from './challenge.js';
import { expectStatus, header, type RegistryHttp } from './registry-http.js';
import { RegistryError, withRetries } from './retry.js';
import { throttle } from './throttle.js';

export interface BlobCopyOptions {
  /** KiB/s, 0 or absent = unlimited (a policy's `speed_kb`). */
  speedKb?: number;
  /** Upload in PATCH chunks (a policy's `copy_by_chunk`). */
  byChunk?: boolean;
  chunkSize?: number;
}

const DEFAULT_CHUNK = 10 * 1024 * 1024;
const REDIRECTS = [301, 302, 303, 307, 308];

/**
 * Streams one blob from a source registry into a destination upload, never holding more than a
 * chunk in memory. The connections only time out when idle, so a large blob is never cut off by a
 * total deadline. Every call is tried once; a failure that may be retried (network, 5xx, 429) starts
 * the whole blob again, with backoff, so a half-written upload is never continued blindly.
 */
export async function copyBlobStream(
  source: RegistryHttp,
  destination: RegistryHttp,
  from: { repository: string; digest: string; size: number },
  repository: string,
  options: BlobCopyOptions = {},
): Promise<void> {
  await withRetries(destination.retry, async () => {
    const { body } = await openBlob(source, from.repository, from.digest);
    try {
      const limited = options.speedKb && options.speedKb > 0 ? body.pipe(throttle(options.speedKb)) : body;
      const location = await startUpload(destination, repository);
      if (options.byChunk) await uploadChunks(destination, repository, location, from, limited, options);
      else await uploadWhole(destination, repository, location, from, limited);
    } finally {
      body.destroy();
    }
  });
}

/** Opens a blob for reading: the body and its size (Content-Length). */
export async function openBlob(
  source: RegistryHttp,
  repository: string,
  digest: string,
): Promise<{ body: Readable; size: number }> {
  const path = `/v2/${repository}/blobs/${digest}`;
  let res = await source.send('GET', path, { scopes: [repositoryScope(repository, ['pull'])], once: true });
  // Registries on object storage redirect to a signed URL, which must not get our credentials.
  const location = header(res, 'location');
  if (REDIRECTS.includes(res.statusCode) && location) {
    await res.body.dump();
    res = await source.send('GET', new URL(location, source.url(path)).toString(), {
      anonymous: true,
      once: true,
    });
  }
  await expectStatus(res, [200], `GET blob ${repository}@${digest}`);
  return { body: res.body, size: Number(header(res, 'content-length') ?? -1) };
}

async function startUpload(destination: RegistryHttp, repository: string): Promise<string> {
  const res = await destination.send('POST', `/v2/${repository}/blobs/uploads/`, {
    scopes: [repositoryScope(repository, ['pull', 'push'])],
    once: true,
  });
  await expectStatus(res, [202], `start upload to ${repository}`);
  await res.body.dump();
  return uploadLocation(destination, res, `/v2/${repository}/blobs/uploads/`);
}

function uploadLocation(
  destination: RegistryHttp,
  res: { headers: Record<string, unknown> },
  base: string,
): string {
  const location = res.headers.location;
  const value = Array.isArray(location) ? (location[0] as string) : (location as string | undefined);
  if (!value) throw new RegistryError('the registry started an upload without a Location');
  return new URL(value, destination.url(base)).toString();
}

function withDigest(location: string, digest: string): string {
  const url = new URL(location);
  url.searchParams.set('digest', digest);
  return url.toString();
}

async function uploadWhole(
  destination: RegistryHttp,
  repository: string,
  location: string,
  blob: { digest: string; size: number },
  body: Readable,
): Promise<void> {
  const res = await destination.send('PUT', withDigest(location, blob.digest), {
    scopes: [repositoryScope(repository, ['pull', 'push'])],
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
    body,
  });
  await expectStatus(res, [201], `upload ${repository}@${blob.digest}`);
  await res.body.dump();
}

async function uploadChunks(
  destination: RegistryHttp,
  repository: string,
  first: string,
  blob: { digest: string; size: number },
  body: Readable,
  options: BlobCopyOptions,
): Promise<void> {
  const size = options.chunkSize ?? DEFAULT_CHUNK;
  const scopes = [repositoryScope(repository, ['pull', 'push'])];
  let location = first;
  let offset = 0;
  const send = async (chunk: Buffer) => {
    const res = await destination.send('PATCH', location, {
      scopes,
      once: true,
      headers: {
        'content-type': 'application/octet-stream',
        'content-range': `${offset}-${offset + chunk.length - 1}`,
        'content-length': String(chunk.length),
      },
      body: chunk,
    });
    await expectStatus(res, [202], `upload chunk of ${repository}@${blob.digest}`);
    await res.body.dump();
    location = uploadLocation(destination, res, location);
    offset += chunk.length;
  };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const data of body as AsyncIterable<Buffer>) {
    pending.push(data);
    pendingBytes += data.length;
    while (pendingBytes >= size) {
      const all = Buffer.concat(pending);
      await send(all.subarray(0, size));
      pending = [all.subarray(size)];
      pendingBytes = all.length - size;
    }
  }
  if (pendingBytes > 0) await send(Buffer.concat(pending));
  const res = await destination.send('PUT', withDigest(location, blob.digest), {
    scopes,
    once: true,
    headers: { 'content-length': '0' },
  });
  await expectStatus(res, [201], `finish upload of ${repository}@${blob.digest}`);
  await res.body.dump();
}
