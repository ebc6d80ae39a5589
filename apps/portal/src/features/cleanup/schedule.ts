import { cronOf, scheduleTypeOf, type ScheduleType, type ScheduleValue } from '../../lib/schedule';
import type { JobSchedule } from './api';

/** The form's value for a job's saved schedule (Harbor's Manual and None both read as None). */
export function scheduleValueOf(schedule: JobSchedule | null): ScheduleValue {
  const type = scheduleTypeOf(schedule?.schedule?.type, schedule?.schedule?.cron);
  return { type, cron: type === 'None' ? '' : (schedule?.schedule?.cron ?? '') };
}

/** The `schedule` part of the body Harbor expects: presets carry their own cron. */
export function scheduleObject(value: ScheduleValue): { type: ScheduleType; cron: string } {
  return { type: value.type, cron: cronOf(value) };
}
