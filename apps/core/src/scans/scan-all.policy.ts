import { HarborError } from '@harbor-ts/errors';
import type { SystemJobPolicy } from '../executions/system-job-policy.js';

/** Scan all as a system job: no parameters, Harbor's wording. */
export const SCAN_ALL_POLICY: SystemJobPolicy<'SCAN_ALL'> = {
  type: 'SCAN_ALL',
  resource: 'scan-all',
  messages: {
    executionNotFound: (id) => `scan all execution ${id} not found`,
    logNotFound: (id) => `log of scan all execution ${id} not found`,
    invalidCron: (cron, problem) => `invalid cron string for scheduled scan all: ${cron}, error: ${problem}`,
  },
  parameters: (raw) => {
    if (Object.keys(raw).length > 0) throw HarborError.badRequest('scan all takes no parameters');
    return {};
  },
};
