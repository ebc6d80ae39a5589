import { z } from 'zod';
import type { JobQueueName } from './queues.js';

/**
 * One job type: its queue, the parameters a task of it carries (stored in the task's
 * `extra_attrs.parameters`, validated when submitted and again when run), how often it is tried, and
 * whether it may run beside itself. `retain` is how many finished executions EXECUTION_SWEEP keeps per
 * vendor (Harbor's numbers). Payloads never carry secrets: only ids and settings.
 */
export interface JobDefinition<P extends z.ZodType = z.ZodType> {
  queue: JobQueueName;
  params: P;
  /** Total tries; 1 = never retried. */
  attempts: number;
  /** Delay before the first retry, doubled for each next one. */
  backoffMs?: number;
  /** `single`: at most one at a time across every jobservice; `pool`: bounded only by max_job_workers. */
  concurrency: 'single' | 'pool';
  retain: number;
}

function defineJob<P extends z.ZodType>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

export const gcParamsSchema = z.strictObject({
  delete_untagged: z.boolean().default(false),
  dry_run: z.boolean().default(false),
  workers: z.number().int().min(1).max(10).default(1),
  /** Hours: blobs and manifests touched more recently are never collected. */
  time_window: z.number().int().min(0).default(2),
});

export const purgeAuditParamsSchema = z.strictObject({
  audit_retention_hour: z.number().int().min(1),
  /** Comma-separated operations, as Harbor sends them (`create_artifact,delete_artifact,...`). */
  include_event_types: z.string(),
  dry_run: z.boolean().default(false),
});

export const imageScanParamsSchema = z.strictObject({
  /** One artifact (an image manifest); an index gets one task per child. */
  artifact_id: z.number().int().min(1),
  /** The `scan_report` row this task fills (the `sbom_report` row for an SBOM); it names the scanner and report type. */
  report_uuid: z.string().min(1),
  /** Harbor's scan type: a vulnerability scan, or SBOM generation (Harbor runs both as IMAGE_SCAN tasks). */
  scan_type: z.enum(['vulnerability', 'sbom']).optional(),
});

/** Where a webhook goes, as the policy said when the event fired. The auth header is not here: the job reads it from the policy. */
const webhookTargetParams = {
  /** The notification_policy row; its target with this address holds the sealed auth header. */
  policy_id: z.number().int().min(1),
  /** Harbor's event type (`PUSH_ARTIFACT`...). */
  event_type: z.string().min(1),
  address: z.string().min(1),
  skip_cert_verify: z.boolean().default(false),
  /** The exact request body, formatted by core when the event fired (so every retry sends the same). */
  payload: z.string(),
};

export const webhookParamsSchema = z.strictObject({
  ...webhookTargetParams,
  payload_format: z.enum(['Default', 'CloudEvents']).default('Default'),
});

export const slackParamsSchema = z.strictObject(webhookTargetParams);

/**
 * A tag retention run of one policy. Without `repository_id` the task is the run's launcher: it picks the
 * project's repositories that the policy's scope selectors select and adds one task per repository to
 * the same execution (what a schedule submits, and what "run now" submits). With it, the task evaluates
 * and cleans that repository.
 */
export const retentionParamsSchema = z.strictObject({
  policy_id: z.number().int().min(1),
  dry_run: z.boolean().default(false),
  repository_id: z.number().int().min(1).optional(),
});

/**
 * One replication run of a policy. Without `src_resource` the task is the run's launcher: it lists the
 * source's repositories and artifacts, applies the policy's filters and adds one task per repository to
 * the same execution. With it, the task copies (or deletes at the destination) the listed artifacts of
 * that repository. Registry credentials are read from the `registry` rows, never carried here.
 */
export const replicationParamsSchema = z.strictObject({
  policy_id: z.number().int().min(1),
  /** Source repository (`project/name` or the remote's name). */
  src_resource: z.string().min(1).optional(),
  /** Destination repository, after `dest_namespace` rewriting. */
  dst_resource: z.string().min(1).optional(),
  operation: z.enum(['copy', 'deletion']).default('copy'),
  /** What to copy: each artifact by digest with the tags the filters selected (none = by digest only). */
  artifacts: z
    .array(
      z.strictObject({
        /** Empty for a deleted tag, known only by its name. */
        digest: z.string(),
        tags: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  /**
   * An event-based run's launcher: the one pushed or deleted artifact core's event named, replicated
   * (or deleted at the destination) instead of listing the whole source.
   */
  event_resource: z
    .strictObject({
      repository: z.string().min(1),
      operation: z.enum(['copy', 'deletion']),
      artifacts: z.array(z.strictObject({ digest: z.string(), tags: z.array(z.string()) })).min(1),
    })
    .optional(),
});

export const JOBS = {
  /** Harbor's scans never retry; a scan's execution keeps only the newest per artifact. */
  IMAGE_SCAN: defineJob({
    queue: 'IMAGE_SCAN',
    params: imageScanParamsSchema,
    attempts: 1,
    concurrency: 'pool',
    retain: 1,
  }),
  /**
   * Walks every image whose project has a scanner and starts its scan, in batches so the IMAGE_SCAN
   * queue never holds more than a batch of this run's scans waiting. One at a time; Harbor keeps one.
   */
  SCAN_ALL: defineJob({
    queue: 'SCAN_ALL',
    params: z.strictObject({}),
    attempts: 1,
    concurrency: 'single',
    retain: 1,
  }),
  GARBAGE_COLLECTION: defineJob({
    queue: 'GARBAGE_COLLECTION',
    params: gcParamsSchema,
    attempts: 1,
    concurrency: 'single',
    retain: 50,
  }),
  PURGE_AUDIT_LOG: defineJob({
    queue: 'PURGE_AUDIT_LOG',
    params: purgeAuditParamsSchema,
    attempts: 1,
    concurrency: 'single',
    retain: 10,
  }),
  EXECUTION_SWEEP: defineJob({
    queue: 'EXECUTION_SWEEP',
    params: z.strictObject({}),
    attempts: 1,
    concurrency: 'single',
    retain: 10,
  }),
  /**
   * One delivery of an event to an http target. Tried once by the runner: the handler itself makes
   * jobservice's `webhookJobMaxRetry` attempts with backoff (a setting of jobservice, not of core).
   * Harbor keeps 50 executions per policy.
   */
  WEBHOOK: defineJob({
    queue: 'WEBHOOK',
    params: webhookParamsSchema,
    attempts: 1,
    concurrency: 'pool',
    retain: 50,
  }),
  /** The same for a Slack incoming-webhook target; the payload is Slack's message body. */
  SLACK: defineJob({
    queue: 'SLACK',
    params: slackParamsSchema,
    attempts: 1,
    concurrency: 'pool',
    retain: 50,
  }),
  /** Tag retention: a launcher task, then one task per repository, side by side. Harbor keeps 50. */
  RETENTION: defineJob({
    queue: 'RETENTION',
    params: retentionParamsSchema,
    attempts: 1,
    concurrency: 'pool',
    retain: 50,
  }),
  /**
   * Replication: a launcher task, then one task per repository. Harbor tries a replication task 3
   * times; a re-run skips what the destination already has, so a retry never duplicates.
   */
  REPLICATION: defineJob({
    queue: 'REPLICATION',
    params: replicationParamsSchema,
    attempts: 3,
    backoffMs: 2000,
    concurrency: 'pool',
    retain: 50,
  }),
  /** Harbor's sample job: sleeps, logs, optionally fails. Exercises the runner in tests and benchmarks. */
  DEMO: defineJob({
    queue: 'DEMO',
    params: z.strictObject({
      sleep_ms: z.number().int().min(0).default(0),
      fail: z.boolean().default(false),
    }),
    attempts: 1,
    concurrency: 'pool',
    retain: 10,
  }),
} as const;

export type JobType = keyof typeof JOBS;
export type JobParams<T extends JobType> = z.output<(typeof JOBS)[T]['params']>;
export type JobParamsInput<T extends JobType> = z.input<(typeof JOBS)[T]['params']>;

export const JOB_TYPES = Object.keys(JOBS) as JobType[];

export function isJobType(value: string): value is JobType {
  return Object.hasOwn(JOBS, value);
}

/** What a BullMQ job carries: the task id, nothing else. The worker reads the rest from Postgres. */
export const taskPayloadSchema = z.strictObject({ taskId: z.number().int().positive() });
export type TaskPayload = z.output<typeof taskPayloadSchema>;
