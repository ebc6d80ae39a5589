import { ArtifactReferencedError, deleteArtifactsDeep, releaseQuota } from '@harbor-ts/db';
import { throwIfStopped } from '../../runner/job-handler.js';
import type { JobOutcomes } from '../../runner/job-outcomes.js';
import type { GcRun } from './gc-run.js';

/**
 * Who the audit log names for a GC deletion: nobody. Harbor's GC deletes through the artifact controller
 * with jobservice's system context, which carries no security context, so its delete event has no operator.
 */
export const GC_OPERATOR = '';

interface Untagged {
  id: number;
  project_id: number;
  repository_name: string;
  digest: string;
}

/**
 * delete_untagged, as Harbor's GC: artifacts without a tag that no index lists and that are not an
 * accessory (a signature or SBOM goes with its subject), pushed before the time window. Each is deleted
 * as the API deletes an artifact (accessories, children, trash, quota), one transaction each, so a
 * failure keeps what was done and stops the run. Their manifests reach storage's trash step once the
 * trash rows are older than the window, as in Harbor. Each committed deletion is announced to core
 * (audit log, DELETE_ARTIFACT), for the deleted artifact only, as Harbor fires it for the root alone.
 */
export class UntaggedArtifactsStep {
  constructor(private readonly outcomes: JobOutcomes) {}

  async run(run: GcRun): Promise<void> {
    const { context, dataSource, totals } = run;
    const { params, log, signal } = context;
    const untagged = (await dataSource.query(
      `SELECT a.id, a.project_id, a.repository_name, a.digest FROM artifact a
        WHERE NOT EXISTS (SELECT 1 FROM tag t WHERE t.artifact_id = a.id)
          AND NOT EXISTS (SELECT 1 FROM artifact_reference r WHERE r.child_id = a.id)
          AND NOT EXISTS (SELECT 1 FROM artifact_accessory acc WHERE acc.artifact_id = a.id)
          AND a.push_time <= now() - make_interval(hours => $1)
        ORDER BY a.id`,
      [params.time_window],
    )) as Untagged[];
    log.info(`${untagged.length} untagged artifacts to delete`);
    if (params.dry_run) {
      for (const a of untagged) log.info(`would delete untagged artifact ${a.repository_name}@${a.digest}`);
      return;
    }
    let index = 0;
    for (const artifact of untagged) {
      throwIfStopped(signal);
      index++;
      try {
        const deleted = await dataSource.transaction(async (manager) => {
          const result = await deleteArtifactsDeep(manager, [artifact.id]);
          for (const [projectId, bytes] of result.freedByProject) {
            if (bytes > 0) await releaseQuota(manager, projectId, bytes);
          }
          return result.deleted.length;
        });
        log.info(
          `[${index}/${untagged.length}] deleted untagged artifact ${artifact.repository_name}@${artifact.digest}`,
        );
        totals.deleted_artifacts = (totals.deleted_artifacts ?? 0) + deleted;
        if (deleted > 0) await this.announce(run, artifact);
      } catch (error) {
        // An index started listing it since it was read: it is in use now, so it stays.
        if (!(error instanceof ArtifactReferencedError)) throw error;
        log.info(
          `[${index}/${untagged.length}] kept ${artifact.repository_name}@${artifact.digest}: an index lists it now`,
        );
      }
    }
  }

  /** The deletion is committed: core audits it and sends DELETE_ARTIFACT, as for a user's delete. */
  private announce({ context }: GcRun, artifact: Untagged): Promise<void> {
    return this.outcomes.publish({
      kind: 'artifact.deleted',
      vendorType: 'GARBAGE_COLLECTION',
      executionId: context.executionId,
      taskId: context.taskId,
      projectId: artifact.project_id,
      repository: artifact.repository_name,
      digest: artifact.digest,
      tags: [],
      operator: GC_OPERATOR,
      at: new Date().toISOString(),
    });
  }
}
