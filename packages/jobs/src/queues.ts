/**
 * Queue names are a contract between core (producer) and jobservice (workers), and they live in
 * Redis across upgrades: never rename one, only add.
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
] as const;
export type JobQueueName = (typeof JOB_QUEUES)[number];

/** BullMQ keeps its own key layout, so the instance prefix goes into BullMQ's `prefix` option instead. */
export function bullPrefix(keyPrefix: string): string {
  return `${keyPrefix}bull`;
}
