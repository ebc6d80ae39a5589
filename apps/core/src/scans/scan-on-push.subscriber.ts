import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Trigger } from '@harbor-ts/db';
import type { CoreEvent } from '@harbor-ts/events';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { LOGGER } from '@harbor-ts/runtime';
import { ArtifactResolver } from '../artifacts/artifact-resolver.service.js';
import { CoreEvents } from '../events/core-events.js';
import { isAccessory } from './accessory-check.js';
import { ArtifactScans, isIndex } from './artifact-scans.service.js';

/**
 * Scan on push (the project's `auto_scan`): each pushed image is scanned as if a user pressed Scan.
 * It runs after the push has answered, so a slow database never slows `docker push`. An index is not
 * scanned itself: its children were pushed first and each was scanned on its own push.
 */
@Injectable()
export class ScanOnPushSubscriber implements OnModuleInit {
  readonly name = 'scan-on-push';

  constructor(
    private readonly events: CoreEvents,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly resolver: ArtifactResolver,
    private readonly scans: ArtifactScans,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.events.subscribe(this);
  }

  handle(event: CoreEvent): void {
    if (event.type !== 'artifact.pushed') return;
    setImmediate(() => {
      this.scanPushed(event.repository, event.digest, event.operator).catch((error: unknown) => {
        this.logger.error(
          { err: error, repository: event.repository, digest: event.digest },
          'scan on push failed',
        );
      });
    });
  }

  private async scanPushed(repository: string, digest: string, operator: string): Promise<void> {
    const slash = repository.indexOf('/');
    const projectName = repository.slice(0, slash);
    if (!(await this.autoScanOn(projectName))) return;
    const artifact = await this.resolver.resolve(projectName, repository.slice(slash + 1), digest);
    // An SBOM or signature pushed as an accessory is not an image to scan, as in Harbor.
    if (isIndex(artifact) || (await isAccessory(this.dataSource, artifact.id))) return;
    try {
      await this.scans.start(artifact, projectName, Trigger.Event, operator);
    } catch (error) {
      // No scanner, or a scan of the same image already running: nothing to do, as in Harbor.
      if (
        error instanceof HarborError &&
        (error.code === HarborErrorCode.PRECONDITION || error.code === HarborErrorCode.CONFLICT)
      ) {
        this.logger.info({ repository, digest, reason: error.message }, 'scan on push skipped');
        return;
      }
      throw error;
    }
  }

  private async autoScanOn(projectName: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM project p JOIN project_metadata m ON m.project_id = p.project_id
        WHERE p.name = $1 AND p.deleted = false AND m.name = 'auto_scan' AND m.value = 'true'`,
      [projectName],
    );
    return rows.length > 0;
  }
}
