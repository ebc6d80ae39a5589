import { open } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { dropFromPageCache } from './page-cache.js';

const MiB = 1 << 20;

/**
 * The most recently pushed blobs stay in the page cache, up to a budget; older ones are dropped as
 * newer ones arrive. CI pipelines pull what they just pushed: dropping every blob once written
 * (page-cache.ts) made that first pull read the disk (0.76-0.85x distribution's pull, which leaves
 * everything cached). Dropping the oldest as new ones come keeps the cache from growing past the
 * budget, so pushes still reuse freed pages instead of faulting in fresh memory.
 *
 * Page cache is not process memory: the kernel still reclaims these pages under pressure. The
 * budget only bounds how much the registry itself asks to keep. Per process; each registry
 * process keeps its own.
 */
export class RecentBlobs {
  private readonly kept: { path: string; size: number }[] = [];
  private readonly paths = new Set<string>();
  private keptBytes = 0;

  /** Mutable so a test can set a small one; the registry keeps the one it starts with. */
  constructor(public budgetBytes: number) {}

  /** Whether a blob of this size may stay cached once written (larger ones never can). */
  fits(size: number): boolean {
    return size <= this.budgetBytes;
  }

  /** Records a blob just made visible at `path`, cached, and drops the oldest beyond the budget. */
  remember(path: string, size: number): void {
    if (!this.fits(size)) return void dropFile(path);
    this.kept.push({ path, size });
    this.paths.add(path);
    this.keptBytes += size;
    while (this.keptBytes > this.budgetBytes) {
      const oldest = this.kept.shift();
      if (!oldest) break;
      this.keptBytes -= oldest.size;
      this.paths.delete(oldest.path);
      void dropFile(oldest.path);
    }
  }

  /** Whether the file at `path` is one of the kept; reads of it should not drop it. */
  isKept(path: string): boolean {
    return this.paths.has(path);
  }

  /** Bytes recorded as kept (for tests and logs). */
  get bytes(): number {
    return this.keptBytes;
  }
}

/** A file already deleted (garbage collected) has no pages left to drop. */
async function dropFile(path: string): Promise<void> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await dropFromPageCache(handle.fd);
  } finally {
    await handle.close();
  }
}

/**
 * An eighth of the machine's memory, at most 1 GiB; `HARBOR_REGISTRY_RECENT_BLOBS_MIB` overrides it
 * (0 drops every blob once written, as before).
 */
export function recentBlobsBudget(env: NodeJS.ProcessEnv = process.env): number {
  const configured = env.HARBOR_REGISTRY_RECENT_BLOBS_MIB;
  if (configured !== undefined && /^\d+$/.test(configured)) return Number(configured) * MiB;
  return Math.min(1024 * MiB, Math.floor(totalmem() / 8));
}

/** The registry's one record: the upload writer and the driver's move consult the same budget. */
export const recentBlobs = new RecentBlobs(recentBlobsBudget());
