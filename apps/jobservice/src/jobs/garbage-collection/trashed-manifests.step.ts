import { deleteTrashRows, trashedManifests } from '@harbor-ts/db';
import { throwIfStopped } from '../../runner/job-handler.js';
import type { GcRun } from './gc-run.js';

/**
 * Deleted artifacts' manifests (artifact_trash, older than the window): each revision leaves storage
 * through registryctl, then its trash row goes. Their bytes are blobs like any other, for the next step.
 */
export class TrashedManifestsStep {
  async run({ context, dataSource, registryctl }: GcRun): Promise<void> {
    const { params, log, signal } = context;
    const trashed = await trashedManifests(dataSource, params.time_window);
    log.info(`${trashed.length} deleted manifests to remove from storage`);
    if (params.dry_run) {
      for (const m of trashed) log.info(`would remove manifest ${m.repositoryName}@${m.digest}`);
      return;
    }
    let index = 0;
    for (const manifest of trashed) {
      throwIfStopped(signal);
      index++;
      await registryctl.deleteManifest(manifest.repositoryName, manifest.digest);
      await deleteTrashRows(dataSource, [manifest.id]);
      log.info(`[${index}/${trashed.length}] removed manifest ${manifest.repositoryName}@${manifest.digest}`);
    }
  }
}
