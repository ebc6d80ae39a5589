import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DigestWorker } from './digest-worker.js';

const worker = new DigestWorker();
afterAll(() => worker.onModuleDestroy());

const expected = (algorithm: string, ...parts: Buffer[]) => {
  const hash = createHash(algorithm);
  parts.forEach((p) => hash.update(p));
  return hash.digest('hex');
};

describe('DigestWorker', () => {
  it('hashes interleaved uploads through the ring, waiting when it is full', async () => {
    const a = randomBytes(20 << 20); // more than the ring holds: exercises the wait for acknowledgements
    const b = randomBytes(3 << 20);
    const ha = worker.create('sha256');
    const hb = worker.create('sha512');
    const feed = async (id: number, data: Buffer) => {
      for (let i = 0; i < data.length; i += 64 << 10) {
        const piece = data.subarray(i, i + (64 << 10));
        if (!worker.tryUpdate(id, piece)) await worker.update(id, piece);
      }
    };
    await Promise.all([feed(ha, a), feed(hb, b)]);
    expect(await worker.digest(ha)).toBe(expected('sha256', a));
    expect(await worker.digest(hb)).toBe(expected('sha512', b));
  });

  it('splits pieces larger than half the ring and keeps a digest resumable', async () => {
    const big = randomBytes(9 << 20);
    const id = worker.create('sha256');
    await worker.update(id, big);
    expect(await worker.digest(id)).toBe(expected('sha256', big));
    const more = randomBytes(1000);
    await worker.update(id, more);
    expect(await worker.digest(id)).toBe(expected('sha256', big, more));
    worker.drop(id);
    expect(await worker.digest(id)).toBeUndefined();
  });
});
