import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { Trigger } from '@harbor-ts/db';
import type { JobProducer } from '@harbor-ts/jobs';
import { submitImageScans } from '@harbor-ts/jobs';
import { ScannerMimeTypes } from '@harbor-ts/scanner-client';
import { throwIfStopped, type JobContext, type JobHandler } from '../../runner/job-handler.js';
import { executionTrigger, nextScanCandidates, pendingScans } from './scan-all-queries.js';

/** Images read and scans started per step; the next step waits until fewer than this are waiting. */
export const SCAN_ALL_BATCH = 100;
const WAIT_POLL_MS = 1000;

/**
 * Harbor's scan all: starts a scan of every image whose project has a scanner, as one IMAGE_SCAN
 * execution per image tagged with this run (`scan_all_id`), so the artifact list, the metrics and a
 * stop all find them. It walks by artifact id in batches and waits while a batch is still queued, so
 * 100k images never flood the queue or Postgres at once. An image already being scanned is skipped.
 */
export class ScanAllHandler implements JobHandler<'SCAN_ALL'> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: JobProducer,
  ) {}

  async run({ executionId, signal, log, report }: JobContext<'SCAN_ALL'>): Promise<void> {
    const trigger = (await executionTrigger(this.dataSource, executionId)) as Trigger;
    let afterId = 0;
    let started = 0;
    for (;;) {
      await this.waitForRoom(executionId, signal);
      const batch = await nextScanCandidates(this.dataSource, afterId, SCAN_ALL_BATCH);
      if (batch.length === 0) break;
      const seen = new Set<string>();
      for (const image of batch) {
        throwIfStopped(signal);
        // The same image in two repositories has one report per scanner: scan it once.
        const key = `${image.digest} ${image.registration_uuid}`;
        if (seen.has(key)) continue;
        seen.add(key);
        await submitImageScans(this.dataSource, this.producer, {
          vendorId: image.id,
          trigger,
          registrationUuid: image.registration_uuid,
          mimeType: ScannerMimeTypes.genericVulnerabilityReport,
          images: [image],
          extraAttrs: { scan_all_id: executionId },
        });
        started += 1;
      }
      afterId = batch[batch.length - 1]!.id;
      await report({ scans_started: started });
      log.info(`started ${started} scans (artifacts up to id ${afterId})`);
    }
    log.info(`scan all started ${started} scans`);
  }

  private async waitForRoom(executionId: number, signal: AbortSignal): Promise<void> {
    while ((await pendingScans(this.dataSource, executionId)) >= SCAN_ALL_BATCH) {
      throwIfStopped(signal);
      await sleep(WAIT_POLL_MS, undefined, { signal }).catch(() => undefined);
    }
    throwIfStopped(signal);
  }
}
