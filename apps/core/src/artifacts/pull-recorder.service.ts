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

  private async record(repository: string, digest: string, tag: string | undefined): Promise<void> {
    const rows: { repository_id: number }[] = await this.dataSource.query(
      'UPDATE repository SET pull_count = pull_count + 1 WHERE name = $1 RETURNING repository_id',
      [repository],
    );
    const repositoryId = rows[0]?.repository_id;
    if (repositoryId === undefined) return;
    await this.dataSource.query('UPDATE artifact SET pull_time = now() WHERE repository_id = $1 AND digest = $2', [
      repositoryId,
      digest,
    ]);
    if (tag) {
      await this.dataSource.query('UPDATE tag SET pull_time = now() WHERE repository_id = $1 AND name = $2', [repositoryId, tag]);
    }
  }
}
