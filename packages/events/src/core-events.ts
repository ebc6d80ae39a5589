import { z } from 'zod';

/**
 * What happened in core, after it was committed. The audit log is the first subscriber; webhooks, scan
 * on push and event-based replication subscribe to the same events, so these schemas are an external
 * contract: add fields, never rename or remove one.
 */
const base = {
  /** Who did it: a username, `robot$...`, or the name a sign-in attempt gave. Never a secret. */
  operator: z.string(),
  /** 0 for system-level resources (users, system robots, configuration). */
  projectId: z.number().int().nonnegative(),
  /** ISO 8601, set by the emitter. */
  occurredAt: z.iso.datetime(),
};

const artifactFields = {
  ...base,
  repository: z.string().min(1),
  digest: z.string().min(1),
  /** The tag the client used, when it used one. */
  tag: z.string().min(1).optional(),
};

export const artifactPushedSchema = z.object({ type: z.literal('artifact.pushed'), ...artifactFields });
export const artifactPulledSchema = z.object({ type: z.literal('artifact.pulled'), ...artifactFields });
export const artifactDeletedSchema = z.object({ type: z.literal('artifact.deleted'), ...artifactFields });

const tagFields = { ...base, repository: z.string().min(1), tag: z.string().min(1) };

export const tagCreatedSchema = z.object({
  type: z.literal('tag.created'),
  ...tagFields,
  digest: z.string().min(1),
});
/**
 * `viaRegistry`: a `DELETE /v2/<name>/manifests/<tag>`, which the client sees as deleting a manifest;
 * Harbor's audit log records it as an artifact delete.
 */
export const tagDeletedSchema = z.object({
  type: z.literal('tag.deleted'),
  ...tagFields,
  viaRegistry: z.boolean(),
});

const quotaFields = {
  ...base,
  repository: z.string().min(1),
  digest: z.string().min(1),
  /** The tag a manifest was pushed by (Harbor names it in the quota event's resource). */
  tag: z.string().min(1).optional(),
  /** Storage in bytes: the limit, the usage before this request, and what the request adds. */
  hard: z.number().int(),
  used: z.number().int().nonnegative(),
  requested: z.number().int().nonnegative(),
};

/** A push refused because it would pass the project's storage limit. */
export const quotaExceededSchema = z.object({ type: z.literal('quota.exceeded'), ...quotaFields });
/** A push accepted that leaves the project at or above `QUOTA_WARNING_PERCENT` of its limit. */
export const quotaWarnedSchema = z.object({ type: z.literal('quota.warned'), ...quotaFields });

/** Harbor's "quota near threshold". */
export const QUOTA_WARNING_PERCENT = 85;

const scanFields = {
  ...artifactFields,
  /** Harbor's scan type (`vulnerability` or `sbom`). */
  scanType: z.string().min(1),
  /** Harbor's `scan_overview` of the artifact: a `NativeReportSummary` per report type. */
  scanOverview: z.record(z.string(), z.unknown()),
  /** Harbor's `sbom_overview` of the artifact, for an SBOM generation. */
  sbomOverview: z.record(z.string(), z.unknown()).optional(),
};

/** A scan task of the artifact ended: Success, Error or Stopped (Harbor's SCANNING_* events). */
export const scanCompletedSchema = z.object({ type: z.literal('scan.completed'), ...scanFields });
export const scanFailedSchema = z.object({ type: z.literal('scan.failed'), ...scanFields });
export const scanStoppedSchema = z.object({ type: z.literal('scan.stopped'), ...scanFields });

const jobIds = { executionId: z.number().int().positive(), taskId: z.number().int().positive() };

/**
 * A tag-retention task (one repository) finished deleting, as Harbor's check-in reports it: counts
 * of the repository, what it deleted, and the policy's rules as stored. Not emitted for dry runs.
 */
export const retentionFinishedSchema = z.object({
  type: z.literal('retention.finished'),
  ...base,
  ...jobIds,
  projectName: z.string().min(1),
  policyId: z.number().int().positive(),
  total: z.number().int().nonnegative(),
  retained: z.number().int().nonnegative(),
  /** Harbor's `SUCCESS`. */
  status: z.string().min(1),
  deleted: z.array(
    z.object({ repository: z.string().min(1), digest: z.string().min(1), tags: z.array(z.string()) }),
  ),
  rules: z.array(z.record(z.string(), z.unknown())),
});

const replicationRegistry = z.object({
  name: z.string(),
  /** Harbor's registry type (`harbor`, `docker-hub`...). */
  type: z.string(),
  url: z.string(),
  /** `basic`, `secret`, `oauth`... */
  credentialType: z.string(),
});

/**
 * A replication task reached a final status (Harbor's REPLICATION event). `projectId` is the local
 * project: the source of a push-based policy, the destination of a pull-based one.
 */
export const replicationFinishedSchema = z.object({
  type: z.literal('replication.finished'),
  ...base,
  ...jobIds,
  /** The task's status: `Success`, `Error` or `Stopped`. */
  status: z.string().min(1),
  trigger: z.string(),
  executionStartedAt: z.iso.datetime(),
  policy: z.object({ description: z.string(), creator: z.string(), override: z.boolean() }),
  /** `push`: local → remote; `pull`: remote → local. */
  direction: z.enum(['push', 'pull']),
  remoteRegistry: replicationRegistry,
  /** The task's resource type (`image`, `artifact`...). */
  resourceType: z.string(),
  /** `namespace/name:tag` as the task records them. */
  sourceResource: z.string(),
  destinationResource: z.string(),
  references: z.array(z.string()),
});

/** The other audited changes: `<resource>.<action>`. */
export const RESOURCE_EVENT_TYPES = [
  'project.created',
  'project.updated',
  'project.deleted',
  'repository.updated',
  'repository.deleted',
  'member.created',
  'member.updated',
  'member.deleted',
  'robot.created',
  'robot.updated',
  'robot.deleted',
  'user.created',
  'user.updated',
  'user.deleted',
  'user.logged_in',
  'user.logged_out',
  'label.created',
  'label.updated',
  'label.deleted',
  'configuration.updated',
  'quota.updated',
  'cve_allowlist.updated',
] as const;

export const resourceEventSchema = z.object({
  type: z.enum(RESOURCE_EVENT_TYPES),
  ...base,
  /** The resource's name or id, as Harbor's audit log shows it. */
  resource: z.string(),
});

export const coreEventSchema = z.discriminatedUnion('type', [
  artifactPushedSchema,
  artifactPulledSchema,
  artifactDeletedSchema,
  tagCreatedSchema,
  tagDeletedSchema,
  quotaExceededSchema,
  quotaWarnedSchema,
  scanCompletedSchema,
  scanFailedSchema,
  scanStoppedSchema,
  retentionFinishedSchema,
  replicationFinishedSchema,
  resourceEventSchema,
]);

export type CoreEvent = z.infer<typeof coreEventSchema>;
export type CoreEventType = CoreEvent['type'];
type WithoutTime<E> = E extends unknown ? Omit<E, 'occurredAt'> : never;
/** An event as a use case emits it; the emitter stamps `occurredAt`. */
export type NewCoreEvent = WithoutTime<CoreEvent>;
