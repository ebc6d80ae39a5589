import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FileInfo, StorageDriver } from './driver.js';
import { V2_ROOT } from './layout.js';

const isMissing = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/** Distribution's `filesystem` driver: everything lives under <rootDirectory>/docker/registry/v2. */
export class FilesystemDriver implements StorageDriver {
  readonly base: string;

  constructor(rootDirectory: string) {
    this.base = join(rootDirectory, V2_ROOT);
  }

  absolute(path: string): string {
    // Grammar-checked names cannot contain `..`; this is the last line of defence.
    if (path.split('/').some((part) => part === '..' || part === '.')) throw new Error(`refusing path ${path}`);
    return join(this.base, path);
  }

  async read(path: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.absolute(path));
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
      throw error;
    }
  }

  async write(path: string, data: Uint8Array | string, { durable = false } = {}): Promise<void> {
    const target = this.absolute(path);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(data);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  }

  async stat(path: string): Promise<FileInfo | undefined> {
    try {
      const info = await stat(this.absolute(path));
      return { size: info.size, modifiedAt: info.mtime, isDirectory: info.isDirectory() };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async list(path: string): Promise<string[]> {
    try {
      return await readdir(this.absolute(path));
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  async delete(path: string): Promise<void> {
    await rm(this.absolute(path), { recursive: true, force: true });
  }

  async move(from: string, to: string): Promise<void> {
    const source = this.absolute(from);
    const handle = await open(source, 'r');
    try {
      await handle.datasync(); // the bytes (and size) must be on disk before the name makes them visible
    } finally {
      await handle.close();
    }
    const target = this.absolute(to);
    await mkdir(dirname(target), { recursive: true });
    await rename(source, target);
  }

  readStream(path: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.absolute(path), { ...range, highWaterMark: 1 << 20 });
  }
}
