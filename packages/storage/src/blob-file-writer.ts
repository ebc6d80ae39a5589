import { close, fdatasync, open, writev } from 'node:fs';
import { Writable } from 'node:stream';

/** Start flushing dirty pages once this much was written since the last flush began. */
const FLUSH_EVERY = 16 << 20;

/**
 * Appends a stream to a file while asking the kernel to write it back as it goes (fdatasync in the
 * thread pool, one at a time). The final fsync before the blob is renamed into place then finds
 * little left to do, instead of stalling for the whole blob as a write-then-sync upload does.
 */
export class BlobFileWriter extends Writable {
  private fd = -1;
  private unflushed = 0;
  private flushing: Promise<void> | undefined;

  /** `sync`: the stream finishes only once all of the file is on disk (fdatasync on its own descriptor). */
  constructor(
    private readonly path: string,
    private readonly sync = false,
  ) {
    super({ highWaterMark: 1 << 20 });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.path, 'a', (error, fd) => {
      this.fd = fd;
      callback(error);
    });
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    const buffers = chunks.map((c) => c.chunk);
    const total = buffers.reduce((sum, b) => sum + b.length, 0);
    writev(this.fd, buffers, (error, written) => {
      if (error) return callback(error);
      if (written !== total)
        return callback(new Error(`short write to ${this.path}: ${written} of ${total} bytes`));
      this.unflushed += written;
      if (this.unflushed >= FLUSH_EVERY && !this.flushing) this.startFlush();
      callback();
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this._writev([{ chunk }], callback);
  }

  private startFlush(): void {
    this.unflushed = 0;
    this.flushing = new Promise<void>((resolve) => fdatasync(this.fd, () => resolve())).then(() => {
      this.flushing = undefined;
    });
  }

  override _final(callback: (error?: Error | null) => void): void {
    // The last request of an upload: its durable sync, on this descriptor rather than on one opened
    // again for it later (two fewer thread-pool round trips and one fdatasync instead of two).
    if (this.sync) return fdatasync(this.fd, (error) => callback(error));
    // What this request wrote last goes to disk in the background too: a chunked upload (docker
    // sends 5-10 MiB PATCHes) would otherwise leave the whole blob for the final fsync. The durable
    // fsync belongs to whoever makes the file visible; nobody waits for this one.
    if (this.unflushed > 0 && !this.flushing) this.startFlush();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const fd = this.fd;
    callback(error);
    // The descriptor stays open until the flush in flight is done with it.
    if (fd >= 0) void (this.flushing ?? Promise.resolve()).then(() => close(fd, () => undefined));
  }
}
