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
  resourceEventSchema,
]);

export type CoreEvent = z.infer<typeof coreEventSchema>;
export type CoreEventType = CoreEvent['type'];
type WithoutTime<E> = E extends unknown ? Omit<E, 'occurredAt'> : never;
/** An event as a use case emits it; the emitter stamps `occurredAt`. */
export type NewCoreEvent = WithoutTime<CoreEvent>;
