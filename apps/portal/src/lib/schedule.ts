/** Harbor's schedule choices: none, a preset, or a Custom 6-field cron. */
export type ScheduleType = 'None' | 'Hourly' | 'Daily' | 'Weekly' | 'Custom';

/** The crons Harbor uses for its preset schedules (6 fields, seconds first, UTC). */
export const PRESET_CRONS: Record<Exclude<ScheduleType, 'None' | 'Custom'>, string> = {
  Hourly: '0 0 * * * *',
  Daily: '0 0 0 * * *',
  Weekly: '0 0 0 * * 0',
};

export const SCHEDULE_TYPES: ScheduleType[] = ['None', 'Hourly', 'Daily', 'Weekly', 'Custom'];

export type CronProblem = 'fields' | 'seconds' | 'value';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** second, minute, hour, day of month, month, day of week: the range and names of each field. */
const FIELDS: { min: number; max: number; names?: string[]; nameBase?: number }[] = [
  { min: 0, max: 59 },
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 7, names: DAYS, nameBase: 0 },
];

function value(text: string, field: (typeof FIELDS)[number]): number | null {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + (field.nameBase ?? 0);
  if (!/^\d+$/.test(text)) return null;
  const number = Number(text);
  return number >= field.min && number <= field.max ? number : null;
}

/** One comma-separated item: `*`, `?`, `n`, `a-b`, each optionally with `/step`. */
function validItem(item: string, field: (typeof FIELDS)[number]): boolean {
  const [range = '', step, extra] = item.split('/');
  if (extra !== undefined) return false;
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0)) return false;
  if (range === '*' || range === '?') return true;
  const [from = '', to, beyond] = range.split('-');
  if (beyond !== undefined) return false;
  const start = value(from, field);
  if (start === null) return false;
  if (to === undefined) return true;
  const end = value(to, field);
  return end !== null && end >= start;
}

/**
 * Harbor's Custom schedule: a 6-field cron, seconds first; Harbor requires the seconds to be 0 (jobs run
 * at most once a minute). Returns what is wrong, or null when the cron is valid.
 */
export function cronProblem(cron: string): CronProblem | null {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 6) return 'fields';
  if (parts[0] !== '0') return 'seconds';
  const valid = parts.every((part, index) =>
    part.split(',').every((item) => validItem(item, FIELDS[index]!)),
  );
  return valid ? null : 'value';
}

/** The type Harbor shows for a saved cron: a preset's own cron reads as that preset. */
export function scheduleTypeOf(type: string | undefined, cron: string | undefined): ScheduleType {
  if (!type || type === 'None' || type === 'Manual') return 'None';
  const preset = (Object.keys(PRESET_CRONS) as (keyof typeof PRESET_CRONS)[]).find((key) => key === type);
  if (preset && (!cron || cron === PRESET_CRONS[preset])) return preset;
  return 'Custom';
}

/** A schedule as the portal edits it: a preset or a Custom 6-field cron. */
export interface ScheduleValue {
  type: ScheduleType;
  /** Only used for Custom. */
  cron: string;
}

/** Harbor's originCron: an empty cron is None, a preset's own cron reads as that preset, anything else Custom. */
export function scheduleOf(cron: string | undefined): ScheduleValue {
  const value = (cron ?? '').trim();
  if (!value) return { type: 'None', cron: '' };
  const preset = (Object.keys(PRESET_CRONS) as (keyof typeof PRESET_CRONS)[]).find(
    (type) => PRESET_CRONS[type] === value,
  );
  return preset ? { type: preset, cron: value } : { type: 'Custom', cron: value };
}

/** The cron a schedule stores: '' for None, a preset's own cron, or the Custom one as typed. */
export function cronOf(value: ScheduleValue): string {
  if (value.type === 'None') return '';
  if (value.type === 'Custom') return value.cron.trim();
  return PRESET_CRONS[value.type];
}

export const scheduleValid = (value: ScheduleValue) =>
  value.type !== 'Custom' || cronProblem(value.cron) === null;
