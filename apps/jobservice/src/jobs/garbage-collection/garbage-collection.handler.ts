import type { DataSource } from 'typeorm';
import type { JobContext, JobHandler } from '../../runner/job-handler.js';
import type { GarbageBlobsStep } from './garbage-blobs.step.js';
import { formatSize, type GcRun } from './gc-run.js';
import type { RegistryctlClient } from './registryctl-client.js';
import type { TrashedManifestsStep } from './trashed-manifests.step.js';
import type { UntaggedArtifactsStep } from './untagged-artifacts.step.js';

/**
 * Harbor 2.x garbage collection, online: untagged artifacts (with delete_untagged), then deleted
 * manifests, then blobs nothing references, each guarded by the time window and the blob status
 * machine so pushes go on meanwhile. Totals are reported even when a step fails; the failure then
 * ends the task as Error, with nothing deleted after it.
 */
export class GarbageCollectionHandler implements JobHandler<'GARBAGE_COLLECTION'> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registryctl: RegistryctlClient,
    private readonly untagged: UntaggedArtifactsStep,
    private readonly trashed: TrashedManifestsStep,
    private readonly blobs: GarbageBlobsStep,
  ) {}

  async run(context: JobContext<'GARBAGE_COLLECTION'>): Promise<void> {
    const { params, log } = context;
    log.info(
      `Garbage Collection parameters: [delete_untagged: ${params.delete_untagged}, dry_run: ${params.dry_run}, ` +
        `time_window: ${params.time_window}, workers: ${params.workers}]`,
    );
    const run: GcRun = {
      context,
      dataSource: this.dataSource,
      registryctl: this.registryctl,
      totals: { freed_space: 0, purged_blobs: 0, purged_manifests: 0 },
    };
    try {
      await this.registryctl.health();
      if (params.delete_untagged) await this.untagged.run(run);
      await this.trashed.run(run);
      await this.blobs.run(run);
    } catch (error) {
      log.error(`GC stopped: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    } finally {
      await context.report({ ...run.totals });
    }
    const { purged_blobs, purged_manifests, freed_space } = run.totals;
    log.info(
      params.dry_run
        ? `dry run: ${purged_blobs} blobs and ${purged_manifests} manifests would be deleted, freeing ${formatSize(freed_space)}`
        : `${purged_blobs} blobs and ${purged_manifests} manifests are actually deleted; freed ${formatSize(freed_space)}`,
    );
  }
}
