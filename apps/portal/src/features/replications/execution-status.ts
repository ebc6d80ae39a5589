import type { MessageKey } from '../../i18n/locales';
import type { ReplicationExecution } from './api';

/** A policy's trigger type, and the trigger of each of its runs, in Harbor's words. */
export const TRIGGER_KEYS: Record<string, MessageKey> = {
  manual: 'replications.trigger_manual',
  scheduled: 'replications.trigger_scheduled',
  event_based: 'replications.trigger_event',
};

/** Replication keeps Harbor's older words; JobStatusBadge knows the task manager's (Running, Success, Error). */
const BADGE_STATUS: Record<string, string> = {
  InProgress: 'Running',
  Succeed: 'Success',
  Failed: 'Error',
};

export const badgeStatus = (status: string): string => BADGE_STATUS[status] ?? status;

/**
 * Harbor portal's success rate: succeeded over total; a run with no tasks counts as fully successful
 * once it has ended well, and as 0 while it runs or when it failed.
 */
export function successRate({ status, total = 0, succeed = 0 }: ReplicationExecution): number {
  if (total > 0) return succeed / total;
  return status === 'InProgress' || status === 'Failed' ? 0 : 1;
}
