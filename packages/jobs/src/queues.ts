/**
 * Queue names are a contract between core (producer) and jobservice (workers), and they live in
 * Redis across upgrades: never rename one, only add. A name listed here but missing from `JOBS`
 * (catalog.ts) is reserved for a job type whose handler has not been built yet.
 */
export const JOB_QUEUES = [
  'IMAGE_SCAN',
  'GARBAGE_COLLECTION',
  'REPLICATION',
  'RETENTION',
  'WEBHOOK',
  'SLACK',
  'PURGE_AUDIT_LOG',
  'EXECUTION_SWEEP',
  'SCAN_ALL',
  'SCHEDULER',
  'DEMO',
] as const;
export type JobQueueName = (typeof JOB_QUEUES)[number];

/** BullMQ keeps its own key layout, so the instance prefix goes into BullMQ's `prefix` option instead. */
export function bullPrefix(keyPrefix: string): string {
  return `${keyPrefix}bull`;
}

/** Redis keys and channels jobservice and core share; transient state only, never the source of truth. */
export const jobKeys = {
  /** Pub/sub: a task id whose worker should abort now (the database already says Stopped). */
  stopChannel: (keyPrefix: string) => `${keyPrefix}jobs:stop`,
  /** Pub/sub: schedules changed in Postgres; jobservice reconciles its timers. */
  schedulesChannel: (keyPrefix: string) => `${keyPrefix}jobs:schedules`,
  /** Hash per worker pool (one per jobservice process), refreshed with a TTL while it lives. */
  pool: (keyPrefix: string, poolId: string) => `${keyPrefix}jobs:pool:${poolId}`,
  /** Hash: slot number → JSON of the job the slot is running. */
  poolWorkers: (keyPrefix: string, poolId: string) => `${keyPrefix}jobs:pool:${poolId}:workers`,
  poolsIndex: (keyPrefix: string) => `${keyPrefix}jobs:pools`,
};

/** BullMQ job id of a task: idempotent, so a re-queued task never runs twice at once. */
export function taskJobId(taskId: number): string {
  return `task-${taskId}`;
}
