import { z } from 'zod';
import type { StreamFields } from './blob-committed.js';

/**
 * What jobservice tells core's event point about the jobs it ran, on a Redis stream in jobservice's
 * Redis (core reaches it through its `jobQueues` block). Jobservice writes an entry only after the
 * change it reports is committed in Postgres; core turns entries into core events (webhooks, audit
 * log). Both apps read and write it only through `encodeJobOutcome`/`decodeJobOutcome`: an external
 * contract, so fields are added, never renamed or removed.
 */
export const JOB_OUTCOME_STREAM = 'job_outcomes';

/** The stream's key under a service's Redis key prefix. */
export function jobOutcomeStreamKey(keyPrefix: string): string {
  return `${keyPrefix}${JOB_OUTCOME_STREAM}`;
}

const id = z.number().int().positive();

const jobFields = {
  /** The task's vendor type, i.e. its job type (`IMAGE_SCAN`, `RETENTION`...). */
  vendorType: z.string().min(1),
  executionId: id,
  taskId: id,
  /** When jobservice wrote the entry (ISO 8601). */
  at: z.iso.datetime(),
};

/** A task reached a final status. */
export const taskFinishedSchema = z.object({
  kind: z.literal('task.finished'),
  ...jobFields,
  status: z.enum(['Success', 'Error', 'Stopped']),
});

/** A job (tag retention) deleted an artifact: core audits it and announces it as a user delete is. */
export const jobArtifactDeletedSchema = z.object({
  kind: z.literal('artifact.deleted'),
  ...jobFields,
  projectId: id,
  repository: z.string().min(1),
  digest: z.string().min(1),
  /** The tags it had, sorted; empty when it was untagged. */
  tags: z.array(z.string().min(1)),
  /** Who the audit log names. */
  operator: z.string(),
});

export const jobOutcomeSchema = z.discriminatedUnion('kind', [taskFinishedSchema, jobArtifactDeletedSchema]);

export type JobOutcome = z.infer<typeof jobOutcomeSchema>;
export type TaskFinished = z.infer<typeof taskFinishedSchema>;
export type JobArtifactDeleted = z.infer<typeof jobArtifactDeletedSchema>;

const NUMBERS = new Set(['executionId', 'taskId', 'projectId']);
const LISTS = new Set(['tags']);

/** Flat field/value strings; lists are JSON. */
export function encodeJobOutcome(outcome: JobOutcome): StreamFields {
  return Object.entries(jobOutcomeSchema.parse(outcome)).flatMap(([key, value]) =>
    value === undefined ? [] : [key, Array.isArray(value) ? JSON.stringify(value) : String(value)],
  );
}

/** Throws (a `ZodError`, or a `SyntaxError` for a list that is not JSON) for an entry that is not an outcome. */
export function decodeJobOutcome(fields: StreamFields): JobOutcome {
  const record: Record<string, unknown> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const key = fields[i] as string;
    const value = fields[i + 1] as string;
    record[key] = NUMBERS.has(key) ? Number(value) : LISTS.has(key) ? JSON.parse(value) : value;
  }
  return jobOutcomeSchema.parse(record);
}
