import { Injectable } from '@nestjs/common';
import type { GcRun } from './gc-run.js';

/**
 * delete_untagged: waits for deleteArtifactsDeep/releaseQuota in @harbor-ts/db (branch `events`).
 * Until then the run refuses the parameter before deleting anything (fail closed).
 */
@Injectable()
export class UntaggedArtifactsStep {
  run(_run: GcRun): Promise<void> {
    return Promise.reject(new Error('delete_untagged is not supported by this build yet'));
  }
}
