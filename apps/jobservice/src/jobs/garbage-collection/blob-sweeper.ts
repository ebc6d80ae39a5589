import {
  claimBlobsForDeletion,
  forgetDeletedBlobs,
  markBlobsDeleteFailed,
  releaseClaimedBlobs,
  type GcBlob,
} from '@harbor-ts/db';
import { throwIfStopped } from '../../runner/job-handler.js';
import { formatSize, type GcRun } from './gc-run.js';
import { RegistryctlError } from './registryctl-client.js';
import { isManifest, sizeOf } from './gc-blobs.js';

/** Blobs per SQL statement and per registryctl round (split across `workers` requests). */
export const GC_BATCH = 1000;

export interface SweepProgress {
  done: number;
  total: number;
  skipped: number;
}

interface Batch {
  blobs: GcBlob[];
  /** Leftovers of a dead run are in `deleting` already. */
  claimed: boolean;
}

interface StorageOutcome {
  gone: GcBlob[];
  failed: GcBlob[];
  reasons: Set<string>;
}

/**
 * Deletes marked blobs batch by batch: claim (delete → deleting), storage through registryctl, then
 * forget the rows. Storage and SQL overlap — the next batch is claimed and the previous batch's rows
 * are forgotten while registryctl deletes — so the run costs about its storage time. A failure stops
 * the sweep after recording what is gone; a batch claimed ahead and never deleted is released.
 */
export class BlobSweeper {
  private recording: Promise<void> = Promise.resolve();

  constructor(
    private readonly run: GcRun,
    private readonly progress: SweepProgress,
  ) {}

  async sweep(leftovers: GcBlob[], candidates: GcBlob[]): Promise<void> {
    const batches = [
      ...chunks(leftovers).map((blobs) => ({ blobs, claimed: true })),
      ...chunks(candidates).map((blobs) => ({ blobs, claimed: false })),
    ];
    let ahead = batches[0] ? awaitedLater(this.claim(batches[0])) : undefined;
    try {
      for (let i = 0; i < batches.length; i++) {
        throwIfStopped(this.run.context.signal);
        const claimed = await ahead!;
        ahead = batches[i + 1] ? awaitedLater(this.claim(batches[i + 1]!)) : undefined;
        const outcome = await this.deleteFromStorage(claimed);
        await this.recording;
        this.recording = awaitedLater(this.record(claimed.length, outcome));
        if (outcome.failed.length > 0) {
          await this.recording;
          throw new RegistryctlError(
            `${outcome.failed.length} blobs could not be deleted: ${[...outcome.reasons].slice(0, 3).join('; ')}`,
          );
        }
      }
      await this.recording;
    } finally {
      if (ahead) await this.release(ahead);
      // After a stop or a failure, the totals still count the batch whose rows are being forgotten.
      await this.recording.catch(() => undefined);
    }
  }

  private async claim(batch: Batch): Promise<GcBlob[]> {
    if (batch.claimed) return batch.blobs;
    const claimed = await claimBlobsForDeletion(this.run.dataSource, batch.blobs);
    this.progress.skipped += batch.blobs.length - claimed.length;
    this.progress.done += batch.blobs.length - claimed.length;
    return claimed;
  }

  /** A release that fails leaves the blobs in `deleting`; the next run finishes them. */
  private async release(ahead: Promise<GcBlob[]>): Promise<void> {
    try {
      await releaseClaimedBlobs(this.run.dataSource, await ahead);
    } catch (error) {
      this.run.context.log.warn(`blobs claimed ahead were not released: ${String(error)}`);
    }
  }

  /** The batch split across `workers` parallel requests; each answer says per digest what happened. */
  private async deleteFromStorage(claimed: GcBlob[]): Promise<StorageOutcome> {
    const outcome: StorageOutcome = { gone: [], failed: [], reasons: new Set() };
    if (claimed.length === 0) return outcome;
    const parts = split(claimed, this.run.context.params.workers);
    const answers = await Promise.allSettled(
      parts.map((part) => this.run.registryctl.deleteBlobs(part.map((b) => b.digest))),
    );
    answers.forEach((answer, i) => {
      const part = parts[i]!;
      if (answer.status === 'rejected') {
        outcome.failed.push(...part);
        outcome.reasons.add(answer.reason instanceof Error ? answer.reason.message : String(answer.reason));
        return;
      }
      answer.value.forEach((result, j) => {
        if (result.status === 'deleted' || result.status === 'not_found') outcome.gone.push(part[j]!);
        else {
          outcome.failed.push(part[j]!);
          outcome.reasons.add(`${result.digest}: ${result.message ?? result.status}`);
        }
      });
    });
    return outcome;
  }

  private async record(claimed: number, { gone, failed }: StorageOutcome): Promise<void> {
    if (claimed === 0) return;
    const { dataSource, totals, context } = this.run;
    await forgetDeletedBlobs(dataSource, gone);
    await markBlobsDeleteFailed(dataSource, failed);
    const manifests = gone.filter(isManifest).length;
    totals.freed_space += sizeOf(gone);
    totals.purged_blobs += gone.length - manifests;
    totals.purged_manifests += manifests;
    this.progress.done += claimed;
    context.log.info(
      `[${this.progress.done}/${this.progress.total}] deleted ${gone.length} blobs (${formatSize(sizeOf(gone))})` +
        (failed.length > 0 ? `, ${failed.length} failed` : ''),
    );
  }
}

/**
 * A promise awaited only after other awaits: its rejection surfaces there, and Node must not call it
 * unhandled (and end the process) in between.
 */
function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += GC_BATCH) out.push(items.slice(at, at + GC_BATCH));
  return out;
}

function split<T>(items: T[], parts: number): T[][] {
  const size = Math.ceil(items.length / Math.max(1, parts));
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}
