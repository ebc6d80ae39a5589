import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { digestVerifier } from './digest-verifier.js';

const chunks = [Buffer.from('first '), Buffer.from('second '), Buffer.from('last')];
const digestOf = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Pipes the chunks through the verifier; what came out, and whether the stream failed. */
async function run(digest: string) {
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      received.push(chunk);
      done();
    },
  });
  const outcome = await pipeline(Readable.from(chunks), digestVerifier(digest), sink).then(
    () => 'ended',
    (error: Error) => error.message,
  );
  return { received: Buffer.concat(received).toString(), outcome };
}

describe('digestVerifier', () => {
  it('passes a matching blob through whole', async () => {
    const { received, outcome } = await run(digestOf(Buffer.concat(chunks)));
    expect(outcome).toBe('ended');
    expect(received).toBe('first second last');
  });

  it('never delivers the end of a blob that does not match its digest', async () => {
    const { received, outcome } = await run(digestOf(Buffer.from('something else')));
    expect(outcome).toMatch(/upstream sent sha256:[0-9a-f]{64} for sha256:/);
    expect(received).toBe('first second ');
  });
});
