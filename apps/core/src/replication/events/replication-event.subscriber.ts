import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Trigger } from '@harbor-ts/db';
import type { CoreEvent } from '@harbor-ts/events';
import { LOGGER } from '@harbor-ts/runtime';
import { CoreEvents } from '../../events/core-events.js';
import { ReplicationExecutionsService } from '../executions/replication-executions.service.js';
import { eventSelection, type EventArtifact, type EventPolicyRow } from './event-policy-match.js';

/**
 * Harbor's event-based replication: a push (or a new tag) of a local artifact starts a run of every
 * enabled `event_based` policy whose source is this instance and whose filters select it, copying just
 * that artifact; a delete starts a deletion run of the policies that replicate deletions. It runs after
 * the request has answered, so a push never waits for it.
 */
@Injectable()
export class ReplicationEventSubscriber implements OnModuleInit {
  readonly name = 'replication-event-trigger';

  constructor(
    private readonly events: CoreEvents,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executions: ReplicationExecutionsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.events.subscribe(this);
  }

  handle(event: CoreEvent): void {
    if (!['artifact.pushed', 'tag.created', 'artifact.deleted', 'tag.deleted'].includes(event.type)) return;
    setImmediate(() => {
      this.replicate(event).catch((error: unknown) => {
        this.logger.error({ err: error, event: event.type }, 'event-based replication failed to start');
      });
    });
  }

  private async replicate(event: CoreEvent): Promise<void> {
    const artifact = await this.artifactOf(event);
    if (!artifact) return;
    const policies = (await this.dataSource.query(
      `SELECT id, trigger, filters, src_registry_id, replicate_deletion FROM replication_policy
        WHERE enabled AND trigger LIKE '%event_based%' ORDER BY id`,
    )) as EventPolicyRow[];
    for (const policy of policies) {
      const tags = eventSelection(policy, artifact);
      if (!tags) continue;
      const executionId = await this.executions.start(
        policy.id,
        Trigger.Event,
        {
          repository: artifact.repository,
          operation: artifact.deleted ? 'deletion' : 'copy',
          artifacts: [{ digest: artifact.digest, tags }],
        },
        event.operator,
      );
      this.logger.info(
        { policyId: policy.id, executionId, repository: artifact.repository, event: event.type },
        'event-based replication started',
      );
    }
  }

  private async artifactOf(event: CoreEvent): Promise<EventArtifact | undefined> {
    switch (event.type) {
      case 'artifact.pushed':
      case 'tag.created':
        return {
          repository: event.repository,
          digest: event.digest,
          tags: event.tag ? [event.tag] : [],
          deleted: false,
          ...(await this.typeAndLabels(event.repository, event.digest)),
        };
      case 'artifact.deleted':
        return {
          repository: event.repository,
          digest: event.digest,
          tags: event.tag ? [event.tag] : [],
          labels: [],
          deleted: true,
        };
      case 'tag.deleted':
        // The tag is gone with what it pointed at: the destination resolves it by name.
        return { repository: event.repository, digest: '', tags: [event.tag], labels: [], deleted: true };
      default:
        return undefined;
    }
  }

  private async typeAndLabels(
    repository: string,
    digest: string,
  ): Promise<{ type?: string; labels: string[] }> {
    const [row] = (await this.dataSource.query(
      `SELECT a.type, COALESCE((SELECT array_agg(l.name) FROM label_reference lr
                                  JOIN harbor_label l ON l.id = lr.label_id WHERE lr.artifact_id = a.id), '{}') AS labels
         FROM artifact a WHERE a.repository_name = $1 AND a.digest = $2`,
      [repository, digest],
    )) as { type: string; labels: string[] }[];
    return row ? { type: row.type, labels: row.labels } : { labels: [] };
  }
}
