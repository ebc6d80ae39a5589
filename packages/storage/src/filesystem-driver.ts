import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FileInfo, MoveOptions, StorageDriver } from './driver.js';
import { recentBlobs } from './recent-blobs.js';
import { V2_ROOT } from './layout.js';

const isMissing = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};
/** For a removal: absent answers false, any other failure is thrown. */
const ignoreMissingAsFalse = (error: unknown): false => {
  if (!isMissing(error)) throw error;
  return false;
};

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Creates a folder and any missing parents. Each call is a round trip through libuv's thread pool;
 * the folders written to are mostly new ones (upload, blob and link folders) in a parent that exists,
 * where one mkdir does it, whereas `mkdir -p` also stats a folder that already exists.
 */
async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return;
    const parent = dirname(dir);
    if (codeOf(error) !== 'ENOENT' || parent === dir) throw error;
    await ensureDir(parent);
    await mkdir(dir).catch((again: unknown) => {
      if (codeOf(again) !== 'EEXIST') throw again;
    });
  }
}

/** Distribution's `filesystem` driver: everything lives under <rootDirectory>/docker/registry/v2. */
export class FilesystemDriver implements StorageDriver {
  readonly base: string;

  constructor(rootDirectory: string) {
    this.base = join(rootDirectory, V2_ROOT);
  }

  absolute(path: string): string {
    // Grammar-checked names cannot contain `..`; this is the last line of defence.
    if (path.split('/').some((part) => part === '..' || part === '.'))
      throw new Error(`refusing path ${path}`);
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

  async write(
    path: string,
    data: Uint8Array | string,
    { durable = false, inPlace = false } = {},
  ): Promise<void> {
    const target = this.absolute(path);
    await ensureDir(dirname(target));
    if (inPlace) return writeFile(target, data, { flag: 'wx' });
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

  async delete(path: string, { files = [] }: { files?: string[] } = {}): Promise<boolean> {
    const target = this.absolute(path);
    if (files.length > 0) {
      // An unlink per known entry and an rmdir, where rm's walk takes an lstat, a failed rmdir, a
      // readdir and an lstat per entry more; rm still clears whatever else is there.
      const unlinked = await Promise.all(
        files.map((file) => unlink(join(target, file)).then(() => true, ignoreMissingAsFalse)),
      );
      try {
        await rmdir(target);
        return unlinked[0]!;
      } catch (error) {
        if (isMissing(error)) return unlinked[0]!;
        if (codeOf(error) !== 'ENOTEMPTY' && codeOf(error) !== 'EEXIST') throw error;
      }
      await rm(target, { recursive: true, force: true });
      return unlinked[0]!;
    }
    try {
      await rm(target, { recursive: true });
      return true;
    } catch (error) {
      return ignoreMissingAsFalse(error);
    }
  }

  async move(
    from: string,
    to: string,
    { synced: alreadySynced = false, size }: MoveOptions = {},
  ): Promise<void> {
    const source = this.absolute(from);
    const target = this.absolute(to);
    const synced = (async (): Promise<number> => {
      if (alreadySynced) return size ?? (await stat(source)).size;
      const handle = await open(source, 'r');
      try {
        await handle.datasync(); // the bytes (and size) must be on disk before the name makes them visible
        return size ?? (await handle.stat()).size;
      } finally {
        await handle.close();
      }
    })();
    // The folder is made while the sync runs; on its own it makes nothing visible.
    const [bytes] = await Promise.all([synced, ensureDir(dirname(target))]);
    await rename(source, target);
    // Kept cached while among the most recently pushed; dropped here when too big to keep at all.
    recentBlobs.remember(target, bytes);
  }

  readStream(path: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.absolute(path), { ...range, highWaterMark: 1 << 20 });
  }
}
