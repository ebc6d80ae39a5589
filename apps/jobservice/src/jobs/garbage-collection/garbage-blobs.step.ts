import { Injectable } from '@nestjs/common';
import {
  abandonedDeletingBlobs,
  claimBlobsForDeletion,
  forgetDeletedBlobs,
  markBlobsDeleteFailed,
  markGarbageBlobs,
  type GcBlob,
} from '@harbor-ts/db';
import { isNonDistributable, MANIFEST_MEDIA_TYPES } from '@harbor-ts/oci';
import { throwIfStopped } from '../../runner/job-handler.js';
import { formatSize, type GcRun } from './gc-run.js';
import { RegistryctlError } from './registryctl-client.js';

/** Blobs per SQL statement and per registryctl round (split across `workers` requests). */
export const GC_BATCH = 1000;

/**
 * Blobs no artifact references, with Harbor's status machine: mark every candidate (none → delete),
 * then batch by batch claim them (delete → deleting; a blob a push touched meanwhile is skipped),
 * delete their storage through registryctl, and forget their rows. Blobs a dead run left in
 * `deleting` are finished first. Any failure stops the run with nothing more deleted.
 */
@Injectable()
export class GarbageBlobsStep {
  async run(run: GcRun): Promise<void> {
    const { params, log, signal } = run.context;
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
    const progress = { done: 0, total: leftovers.length + candidates.length, skipped: 0 };
    for (let at = 0; at < leftovers.length; at += GC_BATCH) {
      throwIfStopped(signal);
      await this.deleteClaimed(run, leftovers.slice(at, at + GC_BATCH), progress);
    }
    for (let at = 0; at < candidates.length; at += GC_BATCH) {
      throwIfStopped(signal);
      const batch = candidates.slice(at, at + GC_BATCH);
      const claimed = await claimBlobsForDeletion(run.dataSource, batch);
      progress.skipped += batch.length - claimed.length;
      progress.done += batch.length - claimed.length;
      await this.deleteClaimed(run, claimed, progress);
    }
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

  /** Storage first, in `workers` parallel requests; then the rows of what is gone. */
  private async deleteClaimed(
    run: GcRun,
    claimed: GcBlob[],
    progress: { done: number; total: number },
  ): Promise<void> {
    if (claimed.length === 0) return;
    const parts = split(claimed, run.context.params.workers);
    const answers = await Promise.allSettled(
      parts.map((part) => run.registryctl.deleteBlobs(part.map((b) => b.digest))),
    );
    const gone: GcBlob[] = [];
    const failed: GcBlob[] = [];
    const reasons = new Set<string>();
    answers.forEach((answer, i) => {
      const part = parts[i]!;
      if (answer.status === 'rejected') {
        failed.push(...part);
        reasons.add(answer.reason instanceof Error ? answer.reason.message : String(answer.reason));
        return;
      }
      answer.value.forEach((result, j) => {
        if (result.status === 'deleted' || result.status === 'not_found') gone.push(part[j]!);
        else {
          failed.push(part[j]!);
          reasons.add(`${result.digest}: ${result.message ?? result.status}`);
        }
      });
    });
    await forgetDeletedBlobs(run.dataSource, gone);
    await markBlobsDeleteFailed(run.dataSource, failed);
    const manifests = gone.filter(isManifest).length;
    run.totals.freed_space += sizeOf(gone);
    run.totals.purged_blobs += gone.length - manifests;
    run.totals.purged_manifests += manifests;
    progress.done += claimed.length;
    run.context.log.info(
      `[${progress.done}/${progress.total}] deleted ${gone.length} blobs (${formatSize(sizeOf(gone))})` +
        (failed.length > 0 ? `, ${failed.length} failed` : ''),
    );
    if (failed.length > 0) {
      throw new RegistryctlError(
        `${failed.length} blobs could not be deleted: ${[...reasons].slice(0, 3).join('; ')}`,
      );
    }
  }
}

function isManifest(blob: GcBlob): boolean {
  return MANIFEST_MEDIA_TYPES.includes(blob.contentType);
}

/** Foreign layers are not in storage: deleting their row frees nothing. */
function sizeOf(blobs: GcBlob[]): number {
  return blobs.reduce((sum, b) => (isNonDistributable(b.contentType) ? sum : sum + b.size), 0);
}

function split<T>(items: T[], parts: number): T[][] {
  const size = Math.ceil(items.length / Math.max(1, parts));
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}
