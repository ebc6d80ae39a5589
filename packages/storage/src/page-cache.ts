import { createRequire } from 'node:module';

/**
 * Blob bytes leave the page cache once they are on disk (posix_fadvise DONTNEED), as object stores
 * such as MinIO do for large objects. A registry writes each blob once and rarely reads it back soon
 * from the same host, so caching it only evicts what is reused (manifests, links, the database).
 * On a VM with free-page reporting (Firecracker here) it matters more: every page the cache grows
 * into is a host fault. Writing 256 MiB to new files took 0.6-0.8 s of kernel time with the bytes
 * left cached and 0.1-0.2 s with drop-behind, whose freed pages the next writes reuse.
 */
interface PageCacheBinding {
  drop(
    fd: number,
    offset: number,
    length: number,
    writeBack: boolean,
    dropPages: boolean,
    done: (errno: number) => void,
  ): void;
}

function load(): { binding?: PageCacheBinding; reason?: string } {
  if (process.platform !== 'linux') return { reason: `not available on ${process.platform}` };
  try {
    // Built by `npm ci` from native/page_cache.c (binding.gyp); dist/ and build/ are siblings.
    return {
      binding: createRequire(import.meta.url)('../build/Release/page_cache.node') as PageCacheBinding,
    };
  } catch (error) {
    return { reason: `the native addon is not built (${(error as Error).message.split('\n')[0]})` };
  }
}

const { binding, reason } = load();

/** Why blob bytes stay in the page cache, when they do; logged once by the registry at start. */
export const pageCacheDropUnavailable: string | undefined = reason;

/**
 * Drops `length` bytes from `offset` (0: to the end) of an open file from the page cache, in the
 * thread pool; resolves when done (keep the descriptor open until then). Only clean pages go:
 * `writeBack` first writes the dirty ones and waits for the disk (not durable: no fdatasync).
 * Advice only: a failure changes nothing that matters, so it is not reported.
 */
export function dropFromPageCache(
  fd: number,
  { offset = 0, length = 0, writeBack = false } = {},
): Promise<void> {
  if (!binding) return Promise.resolve();
  return new Promise((resolve) => binding.drop(fd, offset, length, writeBack, true, () => resolve()));
}

/**
 * Writes the dirty pages of an open file to disk and waits for them, leaving them cached (and clean,
 * so the kernel can still let them go under pressure). Not durable: no fdatasync. Advice only.
 */
export function writeBackPages(fd: number): Promise<void> {
  if (!binding) return Promise.resolve();
  return new Promise((resolve) => binding.drop(fd, 0, 0, true, false, () => resolve()));
}
