import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { decodeJobOutcome, jobOutcomeStreamKey, type JobOutcome } from '@harbor-ts/events';
import { LOGGER, SERVICE_CONFIG } from '@harbor-ts/runtime';
import { RedisStreamConsumer } from '../infrastructure/redis-stream-consumer.js';
import { CoreEvents } from './core-events.js';
import { JobOutcomeEvents } from './job-outcome-events.js';

/** Group name; an entry is handled by one core of the group. */
export const JOB_OUTCOME_GROUP = 'harbor-core';

/**
 * Brings what jobservice's jobs did (scans ended, retention deletions) to core's event point, so
 * webhooks and the audit log hear about it as they hear about a user's request. An entry is
 * acknowledged once its event is emitted; a core that crashed before that leaves it to be claimed.
 */
@Injectable()
export class JobOutcomeConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: RedisStreamConsumer<JobOutcome>;
  private readonly outcomes: JobOutcomeEvents;

  constructor(
    @Inject(SERVICE_CONFIG) config: CoreConfig,
    @InjectDataSource() dataSource: DataSource,
    @Inject(LOGGER) logger: Logger,
    private readonly events: CoreEvents,
  ) {
    this.outcomes = new JobOutcomeEvents(dataSource);
    this.consumer = new RedisStreamConsumer({
      redis: config.jobQueues,
      stream: jobOutcomeStreamKey(config.jobQueues.keyPrefix),
      group: JOB_OUTCOME_GROUP,
      purpose: 'job outcomes',
      logger,
      decode: decodeJobOutcome,
      handle: (outcome) => this.handle(outcome),
    });
  }

  onApplicationBootstrap(): void {
    this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }

  private async handle(outcome: JobOutcome): Promise<void> {
    const event =
      outcome.kind === 'artifact.deleted'
        ? this.outcomes.artifactDeleted(outcome)
        : await this.outcomes.taskFinished(outcome);
    if (event) await this.events.emit(event);
  }
}
