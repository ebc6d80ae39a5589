import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '@harbor-ts/runtime';
import { CoreEvents } from '../events/core-events.js';

/**
 * Notes pulls (pull_time, pull_count, and an `artifact.pulled` event when the puller is known) off the
 * request path: a pull never waits for bookkeeping.
 */
@Injectable()
export class PullRecorder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CoreEvents,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  recordLater(repository: string, digest: string, tag: string | undefined, operator?: string): void {
    setImmediate(() => {
      this.record(repository, digest, tag, operator).catch((error: unknown) => {
        this.logger.warn({ err: error, repository, digest }, 'pull not recorded');
      });
    });
  }

  /** One statement for the counters, so a pull costs a single round trip however many rows it touches. */
  private async record(repository: string, digest: string, tag: string | undefined, operator?: string) {
    const [repo] = (await this.dataSource.query(
      `WITH repo AS (UPDATE repository SET pull_count = pull_count + 1 WHERE name = $1 RETURNING repository_id, project_id),
            pulled AS (UPDATE artifact SET pull_time = now() WHERE repository_id IN (SELECT repository_id FROM repo) AND digest = $2),
            tagged AS (UPDATE tag SET pull_time = now() WHERE repository_id IN (SELECT repository_id FROM repo) AND name = $3)
       SELECT project_id FROM repo`,
      [repository, digest, tag ?? null],
    )) as { project_id: number }[];
    if (!repo || !operator) return;
    await this.events.emit({
      type: 'artifact.pulled',
      operator,
      projectId: repo.project_id,
      repository,
      digest,
      ...(tag ? { tag } : {}),
    });
  }
}
