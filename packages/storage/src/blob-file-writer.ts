import { close, fdatasync, open, write } from 'node:fs';
import { Writable } from 'node:stream';
import { dropFromPageCache, writeBackPages } from './page-cache.js';
import { recentBlobs } from './recent-blobs.js';

/** Incoming bytes are copied into buffers of this size, each written with one call. */
const BUFFER_BYTES = 512 << 10;
/** Idle buffers kept for the next uploads (16 MiB: both buffers of 16 concurrent uploads). */
const SPARE_MAX = 32;
/** Written bytes are written back (and dropped from the page cache, see below) in steps of this size. */
const WRITE_BACK_EVERY = 2 << 20;

// Copying the request's chunks (64 KiB each, as the socket delivers them) into reused buffers costs
// less than it saves: one write call per 512 KiB instead of a writev per few chunks (a 256 MiB push:
// ~0.25 s of kernel time instead of ~0.3 s), and no queue of chunks. Reused, because a fresh buffer
// is fresh memory: a page fault per 4 KiB the first time it is filled.
const spare: Buffer[] = [];
const take = () => spare.pop() ?? Buffer.allocUnsafeSlow(BUFFER_BYTES);
const giveBack = (buffer: Buffer) => {
  if (spare.length < SPARE_MAX) spare.push(buffer);
};

/**
 * Appends a stream to a file, writing it back to disk as it goes, in the thread pool, one write-back
 * at a time: the final fsync before the blob is renamed into place finds little left to do, instead
 * of stalling for the whole blob as a write-then-sync upload does. What is written stays in the page
 * cache while this request's bytes fit the recently-pushed budget (recent-blobs.ts), so a pull right
 * after the push reads memory; beyond it, written bytes are dropped as they go (page-cache.ts). Two
 * buffers at most per upload: one filling while the other is written.
 */
export class BlobFileWriter extends Writable {
  private fd = -1;
  private filling: Buffer | undefined;
  private filled = 0;
  /** The buffer being written, if any: one file write at a time keeps the bytes in order. */
  private writing: Promise<void> = Promise.resolve();
  private writingBack = false;
  private notWrittenBack = 0;
  /** Bytes this request wrote: what decides whether they may stay cached. */
  private written = 0;
  /** Write-backs and page-cache drops still using the descriptor; it is closed once they are done. */
  private background: Promise<unknown> = Promise.resolve();

  /** `sync`: the stream finishes only once all of the file is on disk (fdatasync on its own descriptor). */
  constructor(
    private readonly path: string,
    private readonly sync = false,
  ) {
    super({ highWaterMark: BUFFER_BYTES });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.path, 'a', (error, fd) => {
      this.fd = fd;
      callback(error);
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.append(chunk).then(() => callback(), callback);
  }

  private async append(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length && !this.destroyed) {
      this.filling ??= take();
      const copied = chunk.copy(this.filling, this.filled, offset);
      offset += copied;
      this.filled += copied;
      if (this.filled === BUFFER_BYTES) await this.writeOut();
    }
  }

  /** Starts writing the filled buffer once the previous write is done; resolves when it has started. */
  private async writeOut(): Promise<void> {
    const buffer = this.filling;
    const length = this.filled;
    this.filling = undefined;
    this.filled = 0;
    await this.writing;
    if (!buffer) return;
    if (this.destroyed) return giveBack(buffer); // the descriptor is about to be closed
    this.writing = new Promise<void>((resolve, reject) => {
      write(this.fd, buffer, 0, length, null, (error, written) => {
        giveBack(buffer);
        if (error) return reject(error);
        if (written !== length)
          return reject(new Error(`short write to ${this.path}: ${written} of ${length} bytes`));
        this.notWrittenBack += written;
        this.written += written;
        if (this.notWrittenBack >= WRITE_BACK_EVERY && !this.writingBack) this.startWriteBack();
        resolve();
      });
    });
    this.writing.catch(() => undefined); // awaited by the next write or by _final
  }

  /** The whole file: what is already out costs nothing, and the next call catches what comes meanwhile. */
  private startWriteBack(): void {
    this.writingBack = true;
    this.notWrittenBack = 0;
    const done = (
      this.keepsPages() ? writeBackPages(this.fd) : dropFromPageCache(this.fd, { writeBack: true })
    ).then(() => {
      this.writingBack = false;
    });
    this.inBackground(done);
  }

  private keepsPages(): boolean {
    return recentBlobs.fits(this.written);
  }

  private inBackground(work: Promise<unknown>): void {
    this.background = Promise.all([this.background, work]);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.writeOut()
      .then(() => this.writing)
      .then(() => this.finish(callback), callback);
  }

  private finish(callback: (error?: Error | null) => void): void {
    // The last request of an upload: its durable sync, on this descriptor rather than on one opened
    // again for it later (two fewer thread-pool round trips and one fdatasync instead of two).
    if (this.sync)
      return fdatasync(this.fd, (error) => {
        if (error) return callback(error);
        // Durable (and so clean) now; the drop need not hold up the reply.
        if (!this.keepsPages()) this.inBackground(dropFromPageCache(this.fd));
        callback();
      });
    // A chunk of a chunked upload: its last bytes are written back in the background like the rest.
    // The durable fsync belongs to whoever makes the file visible; nobody waits for this one.
    if (this.notWrittenBack > 0) this.startWriteBack();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.filling) giveBack(this.filling);
    this.filling = undefined;
    // After a failed upload the caller truncates the file to its last good size: the write in flight
    // must land before that. The descriptor stays open until the background work is done with it.
    void this.writing
      .catch(() => undefined)
      .then(() => {
        callback(error);
        if (this.fd >= 0) void this.background.then(() => close(this.fd, () => undefined));
      });
  }
}
