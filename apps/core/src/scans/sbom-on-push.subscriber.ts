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
import { ArtifactSboms } from './artifact-sbom.service.js';
import { isIndex } from './scan-images.js';

/** No scanner, one without SBOMs, or a generation already running: skipped, as in Harbor. */
const SKIPPED: readonly HarborErrorCode[] = [
  HarborErrorCode.PRECONDITION,
  HarborErrorCode.CONFLICT,
  HarborErrorCode.BAD_REQUEST,
];

/**
 * SBOM on push (the project's `auto_sbom_generation`), beside scan on push: each pushed image gets an
 * SBOM as if a user pressed "Generate SBOM", after the push answered. Accessories (signatures, the
 * SBOMs themselves) and indexes get none: an index's children were pushed, and described, first.
 */
@Injectable()
export class SbomOnPushSubscriber implements OnModuleInit {
  readonly name = 'sbom-on-push';

  constructor(
    private readonly events: CoreEvents,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly resolver: ArtifactResolver,
    private readonly sboms: ArtifactSboms,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.events.subscribe(this);
  }

  handle(event: CoreEvent): void {
    if (event.type !== 'artifact.pushed') return;
    setImmediate(() => {
      this.generate(event.repository, event.digest, event.operator).catch((error: unknown) => {
        this.logger.error(
          { err: error, repository: event.repository, digest: event.digest },
          'SBOM generation on push failed',
        );
      });
    });
  }

  private async generate(repository: string, digest: string, operator: string): Promise<void> {
    const slash = repository.indexOf('/');
    const projectName = repository.slice(0, slash);
    if (!(await this.autoSbomOn(projectName))) return;
    const artifact = await this.resolver.resolve(projectName, repository.slice(slash + 1), digest);
    if (isIndex(artifact) || (await isAccessory(this.dataSource, artifact.id))) return;
    try {
      await this.sboms.start(artifact, projectName, Trigger.Event, operator);
    } catch (error) {
      if (error instanceof HarborError && SKIPPED.includes(error.code)) {
        this.logger.info({ repository, digest, reason: error.message }, 'SBOM on push skipped');
        return;
      }
      throw error;
    }
  }

  private async autoSbomOn(projectName: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM project p JOIN project_metadata m ON m.project_id = p.project_id
        WHERE p.name = $1 AND p.deleted = false AND m.name = 'auto_sbom_generation' AND m.value = 'true'`,
      [projectName],
    );
    return rows.length > 0;
  }
}
