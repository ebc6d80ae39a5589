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

  constructor(private readonly path: string) {
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
      if (written !== total) return callback(new Error(`short write to ${this.path}: ${written} of ${total} bytes`));
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
    // The durable fsync belongs to whoever makes the file visible; here only finish the writeback in flight.
    void (this.flushing ?? Promise.resolve()).then(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const done = () => (this.fd < 0 ? callback(error) : close(this.fd, () => callback(error)));
    void (this.flushing ?? Promise.resolve()).then(done);
  }
}
