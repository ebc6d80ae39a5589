import { HarborError } from '@harbor-ts/errors';

/** Harbor's ScheduleObj types; `Manual` runs now, `None` removes the schedule. */
export const SCHEDULE_TYPES = ['Hourly', 'Daily', 'Weekly', 'Custom', 'Manual', 'None'] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

export interface ScheduleRequest {
  type: ScheduleType;
  cron: string;
  parameters: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Harbor's `Schedule` body: `{"schedule": {"type", "cron"}, "parameters": {...}}`. */
export function parseScheduleRequest(body: unknown): ScheduleRequest {
  const schedule = isRecord(body) ? body.schedule : undefined;
  if (!isRecord(schedule)) throw HarborError.badRequest("schedule cann't be empty");
  const type = schedule.type;
  if (typeof type !== 'string' || !(SCHEDULE_TYPES as readonly string[]).includes(type)) {
    throw HarborError.badRequest(
      `invalid schedule type: ${String(type)}, it must be one of ${SCHEDULE_TYPES.join(', ')}`,
    );
  }
  const cron = schedule.cron ?? '';
  if (typeof cron !== 'string') throw HarborError.badRequest('schedule.cron must be a string');
  const parameters = (body as Record<string, unknown>).parameters ?? {};
  if (!isRecord(parameters)) throw HarborError.badRequest('parameters must be an object');
  return { type: type as ScheduleType, cron, parameters };
}
