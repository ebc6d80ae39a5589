import { abandonedDeletingBlobs, analyzeBlobs, markGarbageBlobs, type GcBlob } from '@harbor-ts/db';
import { throwIfStopped } from '../../runner/job-handler.js';
import { BlobSweeper, GC_BATCH } from './blob-sweeper.js';
import { isManifest, sizeOf } from './gc-blobs.js';
import { formatSize, type GcRun } from './gc-run.js';

/**
 * Blobs no artifact references, with Harbor's status machine: mark every candidate (none → delete),
 * then batch by batch claim them (delete → deleting; a blob a push touched meanwhile is skipped),
 * delete their storage through registryctl, and forget their rows (`BlobSweeper`). Blobs a dead
 * run left in `deleting` are finished first. Any failure stops the run with nothing more deleted.
 */
export class GarbageBlobsStep {
  async run(run: GcRun): Promise<void> {
    const { params, log } = run.context;
    const leftovers = params.dry_run ? [] : await abandonedDeletingBlobs(run.dataSource);
    if (leftovers.length > 0)
      log.info(`${leftovers.length} blobs left in deleting by an earlier run; finishing them`);
    const candidates = await this.mark(run);
    const manifests = candidates.filter(isManifest).length;
    const bytes = sizeOf(candidates);
    log.info(`${candidates.length - manifests} blobs and ${manifests} manifests eligible for deletion`);
    log.info(`The GC could free up ${formatSize(bytes)} space, the size is a rough estimation.`);
    if (params.dry_run) {
      Object.assign(run.totals, {
        freed_space: bytes,
        purged_blobs: candidates.length - manifests,
        purged_manifests: manifests,
      });
      return;
    }
    if (candidates.length >= GC_BATCH) await analyzeBlobs(run.dataSource);
    const progress = { done: 0, total: leftovers.length + candidates.length, skipped: 0 };
    await new BlobSweeper(run, progress).sweep(leftovers, candidates);
    if (progress.skipped > 0) log.info(`${progress.skipped} blobs were used by a push meanwhile and kept`);
  }

  private async mark({ context, dataSource }: GcRun): Promise<GcBlob[]> {
    const { params, signal } = context;
    const candidates: GcBlob[] = [];
    let afterId: number | undefined = 0;
    while (afterId !== undefined) {
      throwIfStopped(signal);
      const page = await markGarbageBlobs(dataSource, {
        olderThanHours: params.time_window,
        afterId,
        limit: GC_BATCH,
        dryRun: params.dry_run,
      });
      candidates.push(...page.blobs);
      afterId = page.nextAfterId;
    }
    return candidates;
  }
}
