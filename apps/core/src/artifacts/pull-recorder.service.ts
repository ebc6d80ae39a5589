import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '@harbor-ts/runtime';

/** Notes pulls (pull_time, pull_count) off the request path: a pull never waits for bookkeeping. */
@Injectable()
export class PullRecorder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  recordLater(repository: string, digest: string, tag: string | undefined): void {
    setImmediate(() => {
      this.record(repository, digest, tag).catch((error: unknown) => {
        this.logger.warn({ err: error, repository, digest }, 'pull not recorded');
      });
    });
  }

  /** One statement, so a pull costs a single round trip however many rows it touches. */
  private async record(repository: string, digest: string, tag: string | undefined): Promise<void> {
    await this.dataSource.query(
      `WITH repo AS (UPDATE repository SET pull_count = pull_count + 1 WHERE name = $1 RETURNING repository_id),
            pulled AS (UPDATE artifact SET pull_time = now() WHERE repository_id IN (SELECT repository_id FROM repo) AND digest = $2)
       UPDATE tag SET pull_time = now() WHERE repository_id IN (SELECT repository_id FROM repo) AND name = $3`,
      [repository, digest, tag ?? null],
    );
  }
}
