import type { DataSource } from 'typeorm';
import { attachScanTask, prepareScanReport, type Trigger } from '@harbor-ts/db';
import type { JobProducer } from './producer.js';

export interface ImageScanSubmission {
  /** The artifact asked for (an index's id for its children's scans): the execution's vendor. */
  vendorId: number;
  trigger: Trigger;
  registrationUuid: string;
  /** The report type asked of the scanner. */
  mimeType: string;
  /** The image manifests to scan, one task each. */
  images: { id: number; digest: string }[];
  /** Execution attributes, e.g. the scan-all run a scan belongs to. */
  extraAttrs?: Record<string, unknown>;
}

/**
 * The one way a scan starts, by a user, a push or scan all: a `scan_report` row per image (made on
 * the first scan, reused after), one IMAGE_SCAN execution with a task per image, each report pointed
 * at its task. Returns the execution id.
 */
export async function submitImageScans(
  dataSource: DataSource,
  producer: JobProducer,
  submission: ImageScanSubmission,
): Promise<number> {
  const reports: string[] = [];
  for (const image of submission.images)
    reports.push(
      await prepareScanReport(dataSource, {
        digest: image.digest,
        registrationUuid: submission.registrationUuid,
        mimeType: submission.mimeType,
      }),
    );
  const { executionId, taskIds } = await producer.submit(dataSource, 'IMAGE_SCAN', {
    vendorId: submission.vendorId,
    trigger: submission.trigger,
    tasks: submission.images.map((image, i) => ({ artifact_id: image.id, report_uuid: reports[i]! })),
    ...(submission.extraAttrs ? { extraAttrs: submission.extraAttrs } : {}),
  });
  for (const [i, taskId] of taskIds.entries()) await attachScanTask(dataSource, reports[i]!, taskId);
  return executionId;
}
