import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { Trigger } from '@harbor-ts/db';
import type { CoreEvent } from '@harbor-ts/events';
import { JobProducer, type JobParamsInput } from '@harbor-ts/jobs';
import { LOGGER, SERVICE_CONFIG } from '@harbor-ts/runtime';
import { CoreEvents } from '../events/core-events.js';
import { harborPayload } from './harbor-payload.js';
import {
  cloudEventsFormat,
  defaultFormat,
  isWebhookEvent,
  slackFormat,
  WEBHOOK_EVENT_TYPES,
  type HarborPayload,
  type PayloadContext,
  type WebhookCoreEvent,
} from './webhook-payload.js';
import { parseTargets, type PolicyRow } from './webhook-policy.dto.js';

/**
 * Webhooks: each event of a project with enabled policies for its type becomes, per policy, one
 * execution per kind of target (WEBHOOK for http, SLACK for Slack) with a task per target, carrying
 * the formatted body and no secret. Runs after the request has answered, as scan on push does.
 */
@Injectable()
export class WebhookSubscriber implements OnModuleInit {
  readonly name = 'webhooks';

  constructor(
    private readonly events: CoreEvents,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(SERVICE_CONFIG) private readonly config: CoreConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.events.subscribe(this);
  }

  handle(event: CoreEvent): void {
    if (!isWebhookEvent(event)) return;
    setImmediate(() => {
      this.deliver(event).catch((error: unknown) => {
        this.logger.error({ err: error, event: event.type, projectId: event.projectId }, 'webhook not sent');
      });
    });
  }

  /** Resolves once every policy's deliveries are in Postgres (and, Redis willing, queued). */
  async deliver(event: WebhookCoreEvent): Promise<void> {
    const eventType = WEBHOOK_EVENT_TYPES[event.type];
    const policies = (await this.dataSource.query(
      `SELECT * FROM notification_policy
        WHERE project_id = $1 AND enabled AND event_types::jsonb ? $2 ORDER BY id`,
      [event.projectId, eventType],
    )) as PolicyRow[];
    if (policies.length === 0) return;
    const repository = 'repository' in event ? event.repository : undefined;
    const payload = harborPayload(event, await this.payloadContext(event.projectId, repository));
    for (const policy of policies) await this.submit(policy, eventType, payload);
  }

  private async submit(policy: PolicyRow, eventType: string, payload: HarborPayload): Promise<void> {
    const targets = parseTargets(policy.targets);
    const common = { policy_id: policy.id, event_type: eventType };
    const http: JobParamsInput<'WEBHOOK'>[] = targets
      .filter((target) => target.type === 'http')
      .map((target) => {
        const cloudEvents = target.payload_format === 'CloudEvents';
        const formatted = cloudEvents
          ? cloudEventsFormat(payload, { projectId: policy.project_id, policyId: policy.id })
          : defaultFormat(payload);
        return {
          ...common,
          address: target.address,
          skip_cert_verify: target.skip_cert_verify,
          payload_format: cloudEvents ? 'CloudEvents' : 'Default',
          payload: formatted.body,
        };
      });
    const slack: JobParamsInput<'SLACK'>[] = targets
      .filter((target) => target.type === 'slack')
      .map((target) => ({
        ...common,
        address: target.address,
        skip_cert_verify: target.skip_cert_verify,
        payload: slackFormat(payload).body,
      }));
    const submission = { vendorId: policy.id, trigger: Trigger.Event, extraAttrs: { event_type: eventType } };
    if (http.length > 0)
      await this.producer.submit(this.dataSource, 'WEBHOOK', { ...submission, tasks: http });
    if (slack.length > 0)
      await this.producer.submit(this.dataSource, 'SLACK', { ...submission, tasks: slack });
  }

  /** `repository` is left out for events about a whole project (retention, replication). */
  private async payloadContext(projectId: number, repository = ''): Promise<PayloadContext> {
    const [row] = (await this.dataSource.query(
      `SELECT p.name,
              EXISTS (SELECT 1 FROM project_metadata m
                       WHERE m.project_id = p.project_id AND m.name = 'public' AND m.value = 'true') AS public,
              (SELECT r.creation_time FROM repository r WHERE r.name = $2) AS created
         FROM project p WHERE p.project_id = $1`,
      [projectId, repository],
    )) as { name: string; public: boolean; created: Date | null }[];
    return {
      projectName: row?.name ?? repository.split('/')[0] ?? '',
      public: row?.public ?? false,
      ...(row?.created ? { repositoryCreated: row.created } : {}),
      externalUrl: this.config.externalUrl,
    };
  }
}
