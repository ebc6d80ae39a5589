import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { readTaskLog, sbomRunning, Trigger, type SbomSummary } from '@harbor-ts/db';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { JobProducer, submitSbomGeneration } from '@harbor-ts/jobs';
import { LOGGER } from '@harbor-ts/runtime';
import { ScannerMimeTypes } from '@harbor-ts/scanner-client';
import type { ArtifactRow } from '../artifacts/artifact-resolver.service.js';
import { ArtifactDeleter } from '../artifacts/artifact-deleter.service.js';
import { RegistryContent } from '../artifacts/registry-content.js';
import { ScannerMetadataService } from '../scanners/scanner-metadata.service.js';
import { ScannerRegistrationsService } from '../scanners/scanner-registrations.service.js';
import { imagesOf } from './scan-images.js';

/** The report type harbor-ts asks scanners for when it generates an SBOM (Harbor's). */
export const SBOM_REPORT_MIME_TYPE = ScannerMimeTypes.sbomReport;

/** SBOM generation for one artifact (each child of an index), as Harbor 2.11 does it: start, stop, its log. */
@Injectable()
export class ArtifactSboms {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
    private readonly registrations: ScannerRegistrationsService,
    private readonly metadata: ScannerMetadataService,
    private readonly registry: RegistryContent,
    private readonly deleter: ArtifactDeleter,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * One IMAGE_SCAN execution marked `enabled_capabilities.type: sbom`, a task per image. The previous
   * SBOM of each image is replaced: its report row now, its accessory deleted from the registry and
   * the catalogue (Harbor's MakePlaceHolder).
   */
  async start(
    artifact: ArtifactRow,
    projectName: string,
    trigger: Trigger = Trigger.Manual,
    operator = '',
  ): Promise<void> {
    const registration = await this.registrations.forProject(artifact.project_id);
    if (!registration || registration.disabled)
      throw new HarborError(HarborErrorCode.PRECONDITION, `no available scanner for project ${projectName}`);
    const metadata = await this.metadata.of(registration);
    if ('metadata' in metadata && !metadata.metadata.capabilities.some((c) => c.type === 'sbom'))
      throw HarborError.badRequest(
        `the configured scanner ${registration.name} does not support SBOM generation`,
      );
    const images = await imagesOf(this.dataSource, artifact);
    if (images.length === 0) throw HarborError.badRequest(`artifact ${artifact.digest} has nothing to scan`);
    if (
      await sbomRunning(
        this.dataSource,
        images.map((image) => image.id),
        registration.uuid,
      )
    )
      throw HarborError.conflict('a previous sbom generate process is running');
    const { replaced } = await submitSbomGeneration(this.dataSource, this.producer, {
      vendorId: artifact.id,
      trigger,
      registrationUuid: registration.uuid,
      mimeType: SBOM_REPORT_MIME_TYPE,
      images,
      ...(operator ? { extraAttrs: { operator } } : {}),
    });
    for (const previous of replaced) await this.deleteAccessory(previous, operator);
  }

  /** Stops the artifact's unfinished SBOM generation; 404 when none is running. */
  async stop(artifact: ArtifactRow): Promise<void> {
    const [execution] = (await this.dataSource.query(
      `SELECT id FROM execution WHERE vendor_type = 'IMAGE_SCAN' AND vendor_id = $1
          AND extra_attrs->'enabled_capabilities'->>'type' = 'sbom'
          AND status IN ('Pending', 'Running') ORDER BY id DESC LIMIT 1`,
      [artifact.id],
    )) as { id: number }[];
    if (!execution) throw HarborError.notFound(`no SBOM generation of ${artifact.digest} is running`);
    await this.producer.stop(this.dataSource, execution.id);
  }

  /** The log of the task that filled an SBOM report of this artifact (or of a child); undefined if none. */
  async log(artifact: ArtifactRow, reportUuid: string): Promise<string | undefined> {
    const [report] = (await this.dataSource.query(
      `SELECT sr.task_id FROM sbom_report sr
        WHERE sr.uuid = $1 AND (sr.artifact_id = $2 OR sr.artifact_id IN (
          SELECT child_id FROM artifact_reference WHERE parent_id = $2))`,
      [reportUuid, artifact.id],
    )) as { task_id: number | null }[];
    return report?.task_id ? await readTaskLog(this.dataSource, report.task_id) : undefined;
  }

  /** A replaced SBOM's accessory leaves the registry and the catalogue; one already gone is fine. */
  private async deleteAccessory(summary: SbomSummary, operator: string): Promise<void> {
    const { sbom_repository: repository, sbom_digest: digest } = summary;
    if (!repository || !digest) return;
    try {
      await this.registry.deleteManifest(repository, digest);
      await this.deleter.deletedInRegistry(repository, digest, operator);
    } catch (error) {
      this.logger.warn({ err: error, repository, digest }, 'could not delete the replaced SBOM accessory');
    }
  }
}
