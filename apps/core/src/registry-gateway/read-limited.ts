import type { Readable } from 'node:stream';

/** Reads a request body into memory, stopping at `limit` bytes (the rest is left unread). */
export async function readLimited(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    total += buffer.length;
    if (total >= limit) break;
  }
  return Buffer.concat(chunks);
}
