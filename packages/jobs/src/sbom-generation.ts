import type { DataSource } from 'typeorm';
import { attachSbomTask, replaceSbomReport, type SbomSummary, type Trigger } from '@harbor-ts/db';
import type { JobProducer } from './producer.js';

export interface SbomGenerationSubmission {
  /** The artifact asked for (an index's id for its children's SBOMs): the execution's vendor. */
  vendorId: number;
  trigger: Trigger;
  registrationUuid: string;
  /** The report type asked of the scanner (`application/vnd.security.sbom.report+json; version=1.0`). */
  mimeType: string;
  /** The image manifests to describe, one task each. */
  images: { id: number; digest: string }[];
  extraAttrs?: Record<string, unknown>;
}

/**
 * The one way SBOM generation starts, by a user or a push: each image's `sbom_report` is made anew
 * (Harbor replaces the previous one), one IMAGE_SCAN execution marked `enabled_capabilities.type: sbom`
 * as Harbor marks it, a task per image. Returns the execution id and the summaries of the replaced
 * reports, whose accessories the caller deletes.
 */
export async function submitSbomGeneration(
  dataSource: DataSource,
  producer: JobProducer,
  submission: SbomGenerationSubmission,
): Promise<{ executionId: number; replaced: SbomSummary[] }> {
  const reports: string[] = [];
  const replaced: SbomSummary[] = [];
  for (const image of submission.images) {
    const { uuid, previous } = await replaceSbomReport(dataSource, {
      artifactId: image.id,
      registrationUuid: submission.registrationUuid,
      mimeType: submission.mimeType,
    });
    reports.push(uuid);
    if (previous) replaced.push(previous);
  }
  const { executionId, taskIds } = await producer.submit(dataSource, 'IMAGE_SCAN', {
    vendorId: submission.vendorId,
    trigger: submission.trigger,
    tasks: submission.images.map((image, i) => ({
      artifact_id: image.id,
      report_uuid: reports[i]!,
      scan_type: 'sbom' as const,
    })),
    extraAttrs: { ...submission.extraAttrs, enabled_capabilities: { type: 'sbom' } },
  });
  for (const [i, taskId] of taskIds.entries()) await attachSbomTask(dataSource, reports[i]!, taskId);
  return { executionId, replaced };
}
