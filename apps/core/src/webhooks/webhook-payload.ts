import { randomUUID } from 'node:crypto';
import { QUOTA_WARNING_PERCENT, type CoreEvent } from '@harbor-ts/events';
import { bytesSize } from '../quotas/bytes-size.js';
import type { ReplicationData, RetentionData } from './job-payloads.js';

/** Core's events a webhook can announce, under Harbor's event type names, in Harbor's order. */
export const WEBHOOK_EVENT_TYPES = {
  'artifact.pushed': 'PUSH_ARTIFACT',
  'artifact.pulled': 'PULL_ARTIFACT',
  'artifact.deleted': 'DELETE_ARTIFACT',
  'quota.exceeded': 'QUOTA_EXCEED',
  'quota.warned': 'QUOTA_WARNING',
  'scan.failed': 'SCANNING_FAILED',
  'scan.stopped': 'SCANNING_STOPPED',
  'scan.completed': 'SCANNING_COMPLETED',
  'replication.finished': 'REPLICATION',
  'retention.finished': 'TAG_RETENTION',
} as const;

export type WebhookCoreEvent = Extract<CoreEvent, { type: keyof typeof WEBHOOK_EVENT_TYPES }>;
/** The events about one artifact's repository (push, pull, delete, quota, scan). */
export type RepositoryWebhookEvent = Exclude<
  WebhookCoreEvent,
  { type: 'retention.finished' | 'replication.finished' }
>;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[keyof typeof WEBHOOK_EVENT_TYPES];

/** What a policy may subscribe to: every type core emits. */
export const SUPPORTED_EVENT_TYPES = Object.values(WEBHOOK_EVENT_TYPES) as WebhookEventType[];
export const NOTIFY_TYPES = ['http', 'slack'] as const;
export const PAYLOAD_FORMATS = ['Default', 'CloudEvents'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

/** Harbor's CloudEvents `type` of each event type. */
const CLOUD_EVENT_TYPES: Record<WebhookEventType, string> = {
  PUSH_ARTIFACT: 'harbor.artifact.pushed',
  PULL_ARTIFACT: 'harbor.artifact.pulled',
  DELETE_ARTIFACT: 'harbor.artifact.deleted',
  QUOTA_EXCEED: 'harbor.quota.exceeded',
  QUOTA_WARNING: 'harbor.quota.warned',
  SCANNING_FAILED: 'harbor.scan.failed',
  SCANNING_STOPPED: 'harbor.scan.stopped',
  SCANNING_COMPLETED: 'harbor.scan.completed',
  REPLICATION: 'harbor.replication.status.changed',
  TAG_RETENTION: 'harbor.tag_retention.finished',
};

export function isWebhookEvent(event: CoreEvent): event is WebhookCoreEvent {
  return Object.hasOwn(WEBHOOK_EVENT_TYPES, event.type);
}

/** Harbor's notifier Payload (JSON field order and omissions as Go's encoder writes them). */
export interface HarborPayload {
  type: WebhookEventType;
  /** Unix seconds. */
  occur_at: number;
  operator: string;
  event_data: {
    resources?: {
      digest?: string;
      tag?: string;
      resource_url?: string;
      scan_overview?: Record<string, unknown>;
    }[];
    repository?: PayloadRepository;
    replication?: ReplicationData;
    retention?: RetentionData;
    scan?: { scan_type?: string };
    custom_attributes?: Record<string, string>;
  };
}

export interface PayloadRepository {
  date_created?: number;
  name: string;
  namespace: string;
  repo_full_name: string;
  repo_type: 'public' | 'private';
}

/** What the payload needs besides the event: read from the database by the subscriber. */
export interface PayloadContext {
  projectName: string;
  public: boolean;
  /** The repository's creation time, when it still exists. */
  repositoryCreated?: Date;
  /** Harbor's ext_endpoint (`https://harbor.example.com`): resource URLs use its host. */
  externalUrl: string;
}

export const unixSeconds = (iso: string | Date) => Math.floor(new Date(iso).getTime() / 1000);

/** Harbor's `BuildImageResourceURL`: `<host>/<repository>:<tag>`, or `@<digest>` without a tag. */
export function resourceUrl(externalUrl: string, repository: string, reference: string): string {
  const host = new URL(externalUrl).host;
  return `${host}/${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`;
}

type QuotaEvent = Extract<WebhookCoreEvent, { type: 'quota.exceeded' | 'quota.warned' }>;

/**
 * Harbor's quota message (`Details`), in its words: the overflow error for `exceeded`; for `warned`,
 * the configured threshold (not the reached percentage) and the usage after the push.
 */
function quotaDetails(event: QuotaEvent) {
  if (event.type === 'quota.exceeded')
    return `adding ${bytesSize(event.requested)} of storage resource, which when updated to current usage of ${bytesSize(event.used)} will exceed the configured upper limit of ${bytesSize(event.hard)}.`;
  return `quota usage reach ${QUOTA_WARNING_PERCENT}%: resource storage used ${bytesSize(event.used + event.requested)} of ${bytesSize(event.hard)}`;
}

/** Harbor's quota handler: the manifest's digest and tag only, a repository without its creation time. */
function quotaPayload(event: QuotaEvent, context: PayloadContext): HarborPayload['event_data'] {
  const { repositoryCreated: _created, ...undated } = context;
  return {
    resources: [{ digest: event.digest, ...(event.tag ? { tag: event.tag } : {}) }],
    repository: payloadRepository(event.repository, undated),
    custom_attributes: { Details: quotaDetails(event) },
  };
}

/** Harbor's `Repository` of a payload; the scan handler leaves out the creation time. */
export function payloadRepository(fullName: string, context: PayloadContext): PayloadRepository {
  const slash = fullName.indexOf('/');
  return {
    ...(context.repositoryCreated ? { date_created: unixSeconds(context.repositoryCreated) } : {}),
    name: slash < 0 ? fullName : fullName.slice(slash + 1),
    namespace: context.projectName,
    repo_full_name: fullName,
    repo_type: context.public ? 'public' : 'private',
  };
}

/** Push, pull, delete and quota, as Harbor's artifact and quota handlers build them. */
export function artifactPayload(
  event: Exclude<RepositoryWebhookEvent, { type: `scan.${string}` }>,
  context: PayloadContext,
): HarborPayload {
  const base = {
    type: WEBHOOK_EVENT_TYPES[event.type],
    occur_at: unixSeconds(event.occurredAt),
    operator: event.operator,
  };
  if (event.type === 'quota.exceeded' || event.type === 'quota.warned')
    return { ...base, event_data: quotaPayload(event, context) };
  const reference = event.tag ?? event.digest;
  const repository = payloadRepository(event.repository, context);
  return {
    ...base,
    event_data: {
      resources: [
        {
          digest: event.digest,
          tag: reference,
          resource_url: resourceUrl(context.externalUrl, event.repository, reference),
        },
      ],
      repository,
    },
  };
}

/** A webhook request body and its content type. */
export interface FormattedPayload {
  body: string;
  contentType: string;
}

/** Harbor's Default format: the payload itself. */
export function defaultFormat(payload: HarborPayload): FormattedPayload {
  return { body: JSON.stringify(payload), contentType: 'application/json' };
}

/** Harbor's CloudEvents 1.0 structured format; `source` names the project and the policy. */
export function cloudEventsFormat(
  payload: HarborPayload,
  ids: { projectId: number; policyId: number },
  id: string = randomUUID(),
): FormattedPayload {
  const event = {
    specversion: '1.0',
    id,
    source: `/projects/${ids.projectId}/webhook/policies/${ids.policyId}`,
    type: CLOUD_EVENT_TYPES[payload.type],
    datacontenttype: 'application/json',
    time: new Date(payload.occur_at * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    data: payload.event_data,
    operator: payload.operator,
  };
  return { body: JSON.stringify(event), contentType: 'application/cloudevents+json' };
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

/**
 * Harbor's Slack message: Block Kit sections with the event type, the time (Slack's date token), the
 * operator and the event data as an indented JSON code block.
 */
export function slackFormat(payload: HarborPayload): FormattedPayload {
  // Harbor pastes the indented JSON, quotes escaped, into its JSON template: as a JSON string value
  // that is this text, which a valid encoding gives Slack without the raw newlines Harbor leaves in.
  const eventData = '```' + JSON.stringify(payload.event_data, null, '\t') + '```';
  const message = {
    blocks: [
      section('*Harbor webhook events*'),
      section(`*event_type:* ${payload.type}`),
      section(`*occur_at:* <!date^${payload.occur_at}^{date} at {time}|February 18th, 2014 at 6:39 AM PST>`),
      section(`*operator:* ${payload.operator}`),
      section('*event_data:*'),
      section(eventData),
    ],
  };
  return { body: JSON.stringify(message), contentType: 'application/json' };
}
