import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BlobFileWriter } from './blob-file-writer.js';
import { FilesystemDriver } from './filesystem-driver.js';
import { dropFromPageCache, pageCacheDropUnavailable } from './page-cache.js';
import { recentBlobs } from './recent-blobs.js';

const MiB = 1 << 20;
// Next to the package rather than in os.tmpdir(): tmpfs pages cannot leave the page cache.
const scratch = join(dirname(fileURLToPath(import.meta.url)), '../.test-scratch');
mkdirSync(scratch, { recursive: true });
const dir = mkdtempSync(join(scratch, 'page-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes of the file in the page cache, as util-linux's fincore reports them. */
const residentBytes = (file: string) =>
  Number(execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', file]).toString().trim());

/** `data` in pieces of `size` bytes, the way a request body arrives. */
const inPieces = (data: Buffer, size: number) =>
  Readable.from(
    Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.subarray(i * size, (i + 1) * size)),
  );

describe('page cache drop-behind', () => {
  it('has its native addon built on Linux', () => {
    expect(pageCacheDropUnavailable).toBeUndefined();
  });

  it('drops a synced file from the page cache', async () => {
    const file = join(dir, 'synced');
    writeFileSync(file, randomBytes(8 * MiB));
    const fd = openSync(file, 'r+');
    fdatasyncSync(fd);
    expect(residentBytes(file)).toBeGreaterThanOrEqual(4 * MiB);
    await dropFromPageCache(fd);
    closeSync(fd);
    expect(residentBytes(file)).toBe(0);
  });

  it('writes dirty pages back first when asked, and drops only the range given', async () => {
    const file = join(dir, 'dirty');
    writeFileSync(file, randomBytes(8 * MiB));
    const fd = openSync(file, 'r+');
    await dropFromPageCache(fd, { offset: 0, length: 4 * MiB, writeBack: true });
    expect(residentBytes(file)).toBe(4 * MiB);
    await dropFromPageCache(fd, { writeBack: true });
    closeSync(fd);
    expect(residentBytes(file)).toBe(0);
  });
});

describe('BlobFileWriter', () => {
  const defaultBudget = recentBlobs.budgetBytes;
  beforeEach(() => {
    recentBlobs.budgetBytes = 4 * MiB;
  });
  afterEach(() => {
    recentBlobs.budgetBytes = defaultBudget;
  });

  it('keeps a blob that fits the recently-pushed budget in the page cache, written back', async () => {
    const file = join(dir, 'small-upload');
    const data = randomBytes(3 * MiB + 12_345);
    await pipeline(inPieces(data, 100_000), new BlobFileWriter(file, true));
    expect(residentBytes(file)).toBe(data.length + 4096 - (data.length % 4096));
    expect(readFileSync(file).equals(data)).toBe(true);
  });

  it('writes a larger stream byte-exact across its buffers and leaves none of it in the page cache', async () => {
    const file = join(dir, 'upload');
    const data = randomBytes(5 * MiB + 12_345);
    await pipeline(inPieces(data, 100_000), new BlobFileWriter(file, true));
    // The drop after the final fdatasync runs in the background.
    await vi.waitFor(() => expect(residentBytes(file)).toBe(0), { timeout: 5000 });
    expect(readFileSync(file).equals(data)).toBe(true);
  });

  it('appends to what an earlier request of the upload wrote', async () => {
    const file = join(dir, 'chunked');
    const first = randomBytes(3 * MiB + 1);
    const second = randomBytes(2 * MiB + 7);
    await pipeline(inPieces(first, 65_536), new BlobFileWriter(file));
    await pipeline(inPieces(second, 65_536), new BlobFileWriter(file, true));
    expect(readFileSync(file).equals(Buffer.concat([first, second]))).toBe(true);
  });

  it('fails the stream, and writes nothing after, when the body breaks off', async () => {
    const file = join(dir, 'broken');
    const good = randomBytes(2 * MiB);
    const body = Readable.from(
      (async function* () {
        yield good;
        throw new Error('client went away');
      })(),
    );
    await expect(pipeline(body, new BlobFileWriter(file))).rejects.toThrow('client went away');
    // What was written before the error may be there (the upload truncates it); nothing follows it.
    // Under load the error can come before the file is even opened: then it must stay absent.
    const sizeOnDisk = () => (existsSync(file) ? readFileSync(file).length : 0);
    const size = sizeOnDisk();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sizeOnDisk()).toBe(size);
    expect(size).toBeLessThanOrEqual(good.length);
  });
});

describe('the recently pushed blobs', () => {
  const defaultBudget = recentBlobs.budgetBytes;
  afterEach(() => {
    recentBlobs.budgetBytes = defaultBudget;
  });

  it('stay cached after the move into place, the oldest dropped once the budget is passed', async () => {
    recentBlobs.budgetBytes = 10 * MiB;
    const driver = new FilesystemDriver(join(dir, 'store'));
    const names = ['first', 'second', 'third'];
    for (const name of names) {
      const upload = driver.absolute(`uploads/${name}`);
      mkdirSync(dirname(upload), { recursive: true });
      await pipeline(inPieces(randomBytes(4 * MiB), 65_536), new BlobFileWriter(upload, true));
      await driver.move(`uploads/${name}`, `blobs/${name}`, { synced: true, size: 4 * MiB });
    }
    const [first, second, third] = names.map((name) => driver.absolute(`blobs/${name}`));
    await vi.waitFor(() => expect(residentBytes(first as string)).toBe(0), { timeout: 5000 });
    expect(residentBytes(second as string)).toBe(4 * MiB);
    expect(residentBytes(third as string)).toBe(4 * MiB);
  });

  it('never keep a blob larger than the whole budget', async () => {
    recentBlobs.budgetBytes = 2 * MiB;
    const driver = new FilesystemDriver(join(dir, 'store-big'));
    mkdirSync(driver.absolute('uploads'), { recursive: true });
    writeFileSync(driver.absolute('uploads/big'), randomBytes(3 * MiB));
    await driver.move('uploads/big', 'blobs/big');
    await vi.waitFor(() => expect(residentBytes(driver.absolute('blobs/big'))).toBe(0), { timeout: 5000 });
  });
});
