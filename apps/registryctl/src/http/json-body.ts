import type { IncomingMessage } from 'node:http';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';

/** The largest body accepted: a GC batch of 5,000 digests is about 400 KiB. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Reads and parses a JSON request body, bounded; anything else is the caller's error (415, 413, 400). */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? ''))
    throw new HarborError(HarborErrorCode.UNSUPPORTED_MEDIA_TYPE, 'the body must be application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new HarborError(
        HarborErrorCode.PAYLOAD_TOO_LARGE,
        `the body is larger than ${MAX_BODY_BYTES} bytes`,
      );
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw HarborError.badRequest('the body is not JSON');
  }
}
