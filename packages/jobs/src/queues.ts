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

/** A jobservice process as the job service API shows it (Harbor's WorkerPool), kept in `jobKeys.pool`. */
export interface PoolInfo {
  pool_id: string;
  pid: number;
  host: string;
  concurrency: number;
  /** ISO times. */
  start_at: string;
  heartbeat_at: string;
}

/** What one busy worker slot of a pool runs (Harbor's Worker), a JSON value in `jobKeys.poolWorkers`. */
export interface WorkerSlot {
  job_id: string;
  job_name: string;
  task_id: number;
  start_at: string;
}

/** How long a pool's keys live without a refresh: a killed jobservice drops out of the API by then. */
export const POOL_TTL_SECONDS = 30;
