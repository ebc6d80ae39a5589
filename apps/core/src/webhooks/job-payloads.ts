import type { CoreEvent } from '@harbor-ts/events';
import {
  payloadRepository,
  resourceUrl,
  unixSeconds,
  WEBHOOK_EVENT_TYPES,
  type HarborPayload,
  type PayloadContext,
} from './webhook-payload.js';

type ScanEvent = Extract<CoreEvent, { type: 'scan.completed' | 'scan.failed' | 'scan.stopped' }>;
type RetentionEvent = Extract<CoreEvent, { type: 'retention.finished' }>;
type ReplicationEvent = Extract<CoreEvent, { type: 'replication.finished' }>;

/** Harbor's `ArtifactInfo`: `references` has no omitempty, so Go writes `null` when there are none. */
export interface ArtifactInfo {
  type: string;
  status: string;
  name_tag: string;
  references: string[] | null;
  fail_reason?: string;
}

/** Harbor's `Retention` of a TAG_RETENTION payload (field order as Go writes them). */
export interface RetentionData {
  total: number;
  retained: number;
  harbor_hostname?: string;
  project_name?: string;
  retention_policy_id?: number;
  retention_rule?: Record<string, unknown>[];
  result?: string;
  deleted_artifact?: ArtifactInfo[];
}

export interface ReplicationResource {
  registry_name?: string;
  registry_type: string;
  endpoint: string;
  provider?: string;
  namespace?: string;
}

/** Harbor's `Replication` of a REPLICATION payload (field order as Go writes them). */
export interface ReplicationData {
  harbor_hostname?: string;
  job_status?: string;
  description?: string;
  artifact_type?: string;
  authentication_type?: string;
  override_mode?: boolean;
  trigger_type?: string;
  policy_creator?: string;
  execution_timestamp?: number;
  src_resource?: ReplicationResource;
  dest_resource?: ReplicationResource;
  successful_artifact?: ArtifactInfo[];
  failed_artifact?: ArtifactInfo[];
  execution_id?: number;
  task_id?: number;
}

/** Harbor's `harbor_hostname`: the external URL's host without the port. */
const hostnameOf = (externalUrl: string) => new URL(externalUrl).hostname;

const baseOf = (event: CoreEvent & { type: keyof typeof WEBHOOK_EVENT_TYPES }) => ({
  type: WEBHOOK_EVENT_TYPES[event.type],
  occur_at: unixSeconds(event.occurredAt),
  operator: event.operator,
});

/**
 * SCANNING_COMPLETED/FAILED/STOPPED as Harbor's scan handler builds them: the image (its tag, when it
 * has one), its resource URL and its scan overview; the repository without its creation time.
 */
export function scanPayload(event: ScanEvent, context: PayloadContext): HarborPayload {
  const { repositoryCreated: _created, ...withoutCreation } = context;
  const reference = event.tag ?? event.digest;
  const hasOverview = Object.keys(event.scanOverview).length > 0;
  const hasSbomOverview = Object.keys(event.sbomOverview ?? {}).length > 0;
  return {
    ...baseOf(event),
    event_data: {
      resources: [
        {
          digest: event.digest,
          ...(event.tag ? { tag: event.tag } : {}),
          resource_url: resourceUrl(context.externalUrl, event.repository, reference),
          ...(hasOverview ? { scan_overview: event.scanOverview } : {}),
          ...(hasSbomOverview ? { sbom_overview: event.sbomOverview } : {}),
        },
      ],
      repository: payloadRepository(event.repository, withoutCreation),
      scan: { scan_type: event.scanType },
    },
  };
}

/** Harbor's rule fields in a TAG_RETENTION payload, each left out when empty. */
function retentionRule(rule: Record<string, unknown>): Record<string, unknown> {
  const fields = {
    template: rule.template,
    params: rule.params,
    tag_selectors: rule.tag_selectors,
    scope_selectors: rule.scope_selectors,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => isPresent(value)));
}

const isPresent = (value: unknown) =>
  value !== undefined &&
  value !== null &&
  value !== '' &&
  !(Array.isArray(value) && value.length === 0) &&
  !(typeof value === 'object' && Object.keys(value).length === 0);

/** TAG_RETENTION as Harbor's retention handler builds it for one repository's task. */
export function retentionPayload(event: RetentionEvent, context: PayloadContext): HarborPayload {
  const inProject = (repository: string) => repository.slice(repository.indexOf('/') + 1);
  return {
    ...baseOf(event),
    event_data: {
      retention: {
        total: event.total,
        retained: event.retained,
        harbor_hostname: hostnameOf(context.externalUrl),
        project_name: event.projectName,
        retention_policy_id: event.policyId,
        retention_rule: event.rules.map(retentionRule),
        result: event.status,
        deleted_artifact: event.deleted.map((artifact) => ({
          type: 'image',
          status: event.status,
          name_tag: artifact.tags[0]
            ? `${inProject(artifact.repository)}:${artifact.tags[0]}`
            : `${inProject(artifact.repository)}@${artifact.digest}`,
          references: null,
        })),
      },
    },
  };
}

/** `namespace/name:tag` → the namespace, and the rest (which may hold more slashes). */
function splitResource(resource: string): { namespace: string; nameAndTag: string } {
  const slash = resource.indexOf('/');
  return slash < 0
    ? { namespace: '', nameAndTag: resource }
    : { namespace: resource.slice(0, slash), nameAndTag: resource.slice(slash + 1) };
}

/**
 * REPLICATION as Harbor's replication handler builds it: the remote registry on one side, this Harbor
 * (its external URL) on the other, and the task's artifact as succeeded or failed.
 */
export function replicationPayload(event: ReplicationEvent, context: PayloadContext): HarborPayload {
  const source = splitResource(event.sourceResource);
  const destination = splitResource(event.destinationResource);
  const push = event.direction === 'push';
  const remote: ReplicationResource = {
    ...(event.remoteRegistry.name ? { registry_name: event.remoteRegistry.name } : {}),
    registry_type: event.remoteRegistry.type,
    endpoint: event.remoteRegistry.url,
    ...(source.namespace ? { namespace: source.namespace } : {}),
  };
  const local: ReplicationResource = {
    registry_type: 'harbor',
    endpoint: context.externalUrl,
    ...(destination.namespace ? { namespace: destination.namespace } : {}),
  };
  const artifact: ArtifactInfo = {
    type: event.resourceType,
    status: event.status,
    name_tag: push ? source.nameAndTag : destination.nameAndTag,
    references: event.references,
  };
  const replication: ReplicationData = {
    harbor_hostname: hostnameOf(context.externalUrl),
    job_status: event.status,
    ...(event.policy.description ? { description: event.policy.description } : {}),
    ...(event.resourceType ? { artifact_type: event.resourceType } : {}),
    ...(event.remoteRegistry.credentialType
      ? { authentication_type: event.remoteRegistry.credentialType }
      : {}),
    ...(event.policy.override ? { override_mode: true } : {}),
    ...(event.trigger ? { trigger_type: event.trigger } : {}),
    ...(event.policy.creator ? { policy_creator: event.policy.creator } : {}),
    execution_timestamp: unixSeconds(event.executionStartedAt),
    src_resource: push ? local : remote,
    dest_resource: push ? remote : local,
    ...(event.status === 'Success' ? { successful_artifact: [artifact] } : {}),
    ...(event.status === 'Error' ? { failed_artifact: [artifact] } : {}),
    execution_id: event.executionId,
    task_id: event.taskId,
  };
  return { ...baseOf(event), event_data: { replication } };
}
