import type { IncomingMessage } from 'node:http';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';

/** The largest body accepted (Fastify's default): a GC batch of 5,000 digests is about 400 KiB. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The media types a route reads as JSON, and how the 415 names them. */
export interface JsonMediaTypes {
  pattern: RegExp;
  name: string;
}
const APPLICATION_JSON: JsonMediaTypes = { pattern: /^application\/json\b/i, name: 'application/json' };

/** Reads and parses a JSON request body, bounded; anything else is the caller's error (415, 413, 400). */
export function readJsonBody(request: IncomingMessage, accepted = APPLICATION_JSON): Promise<unknown> {
  if (!accepted.pattern.test(request.headers['content-type'] ?? ''))
    return Promise.reject(
      new HarborError(HarborErrorCode.UNSUPPORTED_MEDIA_TYPE, `the body must be ${accepted.name}`),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = () => {
      request.off('data', collect);
      // Read the rest and drop it: the answer still reaches the caller and the connection stays usable.
      request.resume();
      reject(
        new HarborError(HarborErrorCode.PAYLOAD_TOO_LARGE, `the body is larger than ${MAX_BODY_BYTES} bytes`),
      );
    };
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge();
      else chunks.push(chunk);
    };
    if (Number(request.headers['content-length']) > MAX_BODY_BYTES) return tooLarge();
    request.on('data', collect);
    request.once('error', reject);
    request.once('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
      } catch {
        reject(HarborError.badRequest('the body is not JSON'));
      }
    });
  });
}
