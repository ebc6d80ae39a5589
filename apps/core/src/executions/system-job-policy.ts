import type { JobParams, JobType } from '@harbor-ts/jobs';
import type { HistoryMessages } from './execution-history.service.js';

/**
 * What differs between the system jobs served the same way (`/system/gc`, `/system/purgeaudit`): the job
 * type, how a request's parameters are checked (with Harbor's messages), and Harbor's wording.
 */
export interface SystemJobPolicy<T extends JobType> {
  type: T;
  /** Harbor's RBAC resource for the `/system` permission checks. */
  resource: string;
  messages: HistoryMessages & {
    invalidCron(cron: string, problem: string): string;
    /** Set when at most one run may be unfinished: the 409's message. */
    alreadyRunning?(executionId: number): string;
  };
  /** The job's parameters from a schedule request, or a 400 naming what is wrong. */
  parameters(raw: Record<string, unknown>): JobParams<T>;
}
