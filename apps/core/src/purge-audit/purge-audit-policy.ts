import { HarborError } from '@harbor-ts/errors';
import { purgeAuditParamsSchema, type JobParams } from '@harbor-ts/jobs';
import type { SystemJobPolicy } from '../executions/system-job-policy.js';

/** Harbor's ceiling on the retention (about 27 years). */
const MAX_AUDIT_RETENTION_HOUR = 240000;

/** The audit log purge's parameters from a request, checked in Harbor's order and with its messages. */
function purgeParameters(raw: Record<string, unknown>): JobParams<'PURGE_AUDIT_LOG'> {
  if (Object.keys(raw).length === 0) throw HarborError.badRequest("schedule parameter cann't be empty");
  const hours = raw.audit_retention_hour;
  if (hours === undefined) throw HarborError.badRequest('audit_retention_hour should provide');
  if (typeof hours !== 'number' || !Number.isInteger(hours)) {
    throw HarborError.badRequest('audit_retention_hour should be integer format');
  }
  if (hours > MAX_AUDIT_RETENTION_HOUR) {
    throw HarborError.badRequest(`audit_retention_hour should be less than ${MAX_AUDIT_RETENTION_HOUR}`);
  }
  // Harbor accepts 0 and then purges nothing; a purge that can never do anything is refused here.
  if (hours < 1) throw HarborError.badRequest('audit_retention_hour should be greater than 0');
  const eventTypes = raw.include_event_types;
  if (eventTypes === undefined) throw HarborError.badRequest('include_event_types should provide');
  if (typeof eventTypes !== 'string') throw HarborError.badRequest('include_event_types should be a string');
  const dryRun = raw.dry_run;
  if (dryRun !== undefined && typeof dryRun !== 'boolean')
    throw HarborError.badRequest('dry_run should be a boolean');
  return purgeAuditParamsSchema.parse({
    audit_retention_hour: hours,
    include_event_types: eventTypes,
    dry_run: dryRun,
  });
}

export const PURGE_AUDIT_POLICY: SystemJobPolicy<'PURGE_AUDIT_LOG'> = {
  type: 'PURGE_AUDIT_LOG',
  resource: 'purge-audit',
  messages: {
    executionNotFound: (id) => `purge job with id ${id} not found`,
    logNotFound: (id) => `purge job with execution ID: ${id} taskLog is not found`,
    invalidCron: (cron, problem) =>
      `invalid cron string for scheduled log rotation purge: ${cron}, error: ${problem}`,
  },
  parameters: purgeParameters,
};
