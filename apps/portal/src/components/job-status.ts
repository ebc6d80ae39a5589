/**
 * Statuses of a job, run or task that may still change: lists holding one are re-read, and such a run
 * can be stopped. Harbor's task manager says Pending/Scheduled/Running; replication still says InProgress.
 */
export const UNFINISHED_STATUSES: ReadonlySet<string> = new Set([
  'Pending',
  'Scheduled',
  'Running',
  'InProgress',
]);

export const isUnfinished = (status: string): boolean => UNFINISHED_STATUSES.has(status);
