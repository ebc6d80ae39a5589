import type { IncomingMessage } from 'node:http';
import type { RegistryConfig } from '@harbor-ts/config';
import { OciErrorCode } from '@harbor-ts/errors';
import type { Digest } from '@harbor-ts/oci';
import { deletionDisabled, OciError } from '../http/oci-error.js';
import type { Reply } from '../http/reply.js';
import type { BlobService } from './blob.service.js';
import { sendFileRange } from './file-sender.js';

/** Parses `bytes=a-b`, `bytes=a-` or `bytes=-n`; undefined means "send it all" (absent or multi-range). */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, from = '', to = ''] = match;
  let start: number;
  let end: number;
  if (from === '') {
    if (to === '') return undefined;
    start = Math.max(size - Number(to), 0);
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start > end || start >= size) {
    throw new OciError(OciErrorCode.BLOB_UNKNOWN, 'requested range not satisfiable', {
      status: 416,
      headers: { 'content-range': `bytes */${size}` },
    });
  }
  return { start, end };
}

/**
 * Blobs this large leave the page cache as they are sent: a big layer read once would push out what
 * is read often (small layers, configs, manifests). Smaller ones stay cached for the next pull, and so
 * do the recently pushed, which CI pipelines pull again and again right after pushing them.
 */
const DROP_BEHIND_FROM = 16 << 20;

export class BlobsHandler {
  constructor(
    private readonly blobs: BlobService,
    private readonly config: RegistryConfig,
  ) {}

  async fetch(name: string, digest: Digest, request: IncomingMessage, reply: Reply, withBody: boolean) {
    const size = await this.blobs.size(name, digest);
    const range = withBody ? parseRange(request.headers.range, size) : undefined;
    reply.headers({
      'content-type': 'application/octet-stream',
      'docker-content-digest': digest.value,
      etag: `"${digest.value}"`,
      'cache-control': 'max-age=31536000',
      'accept-ranges': 'bytes',
      'content-length': String(range ? range.end - range.start + 1 : size),
    });
    if (range) reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`);
    if (!withBody || size === 0) return reply.send();
    const file = await this.blobs.open(digest);
    try {
      reply.writeHead();
      const [start, end] = [range?.start ?? 0, range?.end ?? size - 1];
      const dropBehind = size >= DROP_BEHIND_FROM && !this.blobs.isRecentlyPushed(digest);
      await sendFileRange(reply.raw, file, start, end, dropBehind);
    } catch (error) {
      if (!reply.raw.destroyed) throw error; // a client that went away is not an error of ours
    } finally {
      await file.close();
    }
  }

  async delete(name: string, digest: Digest, reply: Reply) {
    if (!this.config.storage.deleteEnabled) throw deletionDisabled();
    await this.blobs.unlink(name, digest);
    return reply.status(202).headers({ 'docker-content-digest': digest.value, 'content-length': '0' }).send();
  }
}
