import { CronExpressionParser } from 'cron-parser';
import type { CronType } from '@harbor-ts/db';

/** Harbor's fixed crons for its schedule types (6 fields, seconds first, UTC). */
export const CRON_OF_TYPE: Record<Exclude<CronType, 'Custom'>, string> = {
  Hourly: '0 0 * * * *',
  Daily: '0 0 0 * * *',
  Weekly: '0 0 0 * * 0',
};

/**
 * Harbor's rule for a cron: six space-separated fields, the first (seconds) `0`, parsable. Returns the
 * reason it is refused, or undefined when it is valid.
 */
export function cronProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 6) return `invalid cron ${cron}: it must have 6 fields (seconds first)`;
  if (fields[0] !== '0') return `invalid cron ${cron}: the first field (seconds) must be 0`;
  try {
    CronExpressionParser.parse(cron, { tz: 'UTC' });
  } catch (error) {
    return `invalid cron ${cron}: ${(error as Error).message}`;
  }
  return undefined;
}

/** The next time a cron fires after `from`, in UTC. */
export function nextFire(cron: string, from = new Date()): Date {
  return CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: from }).next().toDate();
}
