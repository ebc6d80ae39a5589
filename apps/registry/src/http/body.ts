import type { IncomingMessage } from 'node:http';
import { OciErrorCode } from '@harbor-ts/errors';
import { OciError } from './oci-error.js';

/** Reads a small request body, refusing (413) as soon as it exceeds `limit` bytes. */
export async function readBounded(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

const tooLarge = (limit: number) =>
  new OciError(OciErrorCode.SIZE_INVALID, `body exceeds the ${limit} byte limit`, { status: 413 });

/** Content-Range of a chunk, `<start>-<end>` inclusive (a `bytes ` prefix is tolerated). */
export function parseContentRange(header: string | undefined): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:bytes[ =])?(\d{1,15})-(\d{1,15})(?:\/(?:\d+|\*))?$/.exec(header.trim());
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  if (!match || end < start) {
    throw new OciError(OciErrorCode.BLOB_UPLOAD_INVALID, `invalid Content-Range "${header}"`, { status: 416 });
  }
  return { start, end };
}

/** The declared Content-Length, or undefined when the body is chunked. */
export function contentLength(request: IncomingMessage): number | undefined {
  const header = request.headers['content-length'];
  return header === undefined ? undefined : Number(header);
}

/** `type/subtype` without parameters, lower-cased. */
export function mediaTypeOf(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}
