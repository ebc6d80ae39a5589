import { HarborError } from '@harbor-ts/errors';
import { gcParamsSchema, type JobParams } from '@harbor-ts/jobs';
import type { SystemJobPolicy } from '../executions/system-job-policy.js';

function bool(raw: Record<string, unknown>, name: string): boolean | undefined {
  const value = raw[name];
  if (value === undefined || typeof value === 'boolean') return value;
  throw HarborError.badRequest(`${name} should be a boolean`);
}

/**
 * GC's parameters from a request: Harbor's `delete_untagged`, `dry_run`, `workers` (1–10) and our
 * `time_window` (hours a blob or manifest must be untouched before it is collected, 0 allowed).
 * Anything else Harbor's portal sends (`delete_tag`) is ignored, as Harbor ignores what it does not use.
 */
function gcParameters(raw: Record<string, unknown>): JobParams<'GARBAGE_COLLECTION'> {
  const workers = raw.workers;
  if (workers !== undefined) {
    if (typeof workers !== 'number' || !Number.isInteger(workers)) {
      throw HarborError.badRequest('workers should be integer format');
    }
    if (workers <= 0 || workers > 10) {
      throw HarborError.badRequest(
        `Error: Invalid number of workers:${workers}. Workers must be greater than 0 and less than or equal to 10.`,
      );
    }
  }
  const timeWindow = raw.time_window;
  if (
    timeWindow !== undefined &&
    (typeof timeWindow !== 'number' || !Number.isInteger(timeWindow) || timeWindow < 0)
  ) {
    throw HarborError.badRequest('time_window should be a whole number of hours, 0 or more');
  }
  return gcParamsSchema.parse({
    delete_untagged: bool(raw, 'delete_untagged'),
    dry_run: bool(raw, 'dry_run'),
    workers,
    time_window: timeWindow,
  });
}

export const GC_POLICY: SystemJobPolicy<'GARBAGE_COLLECTION'> = {
  type: 'GARBAGE_COLLECTION',
  resource: 'garbage-collection',
  messages: {
    executionNotFound: (id) => `garbage collection execution ${id} not found`,
    logNotFound: (id) => `garbage collection ${id} log is not found`,
    invalidCron: (cron, problem) => `invalid cron string for scheduled gc: ${cron}, error: ${problem}`,
    alreadyRunning: (id) =>
      `a garbage collection is already running (execution ${id}), try again when it ends`,
  },
  parameters: gcParameters,
};
