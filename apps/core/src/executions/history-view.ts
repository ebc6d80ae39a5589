import type { ExecutionRow, ScheduleRow } from '@harbor-ts/db';
import { nextFire } from '@harbor-ts/jobs';

/** Harbor's ScheduleObj. */
export interface ScheduleObjView {
  type: string;
  cron: string;
  next_scheduled_time?: string;
}

/** Harbor's GCHistory and ExecHistory (the same fields): one run, or the schedule, of a system job. */
export interface ExecHistoryView {
  id: number;
  job_name: string;
  job_kind: string;
  job_parameters: string;
  schedule: ScheduleObjView;
  job_status: string;
  deleted: boolean;
  creation_time: Date;
  update_time: Date;
}

/** `MANUAL` → `Manual`: Harbor shows the trigger in the ScheduleObj's type, title-cased. */
function titleCase(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
}

/**
 * One execution as Harbor's history shows it: the run's parameters and, once it has reported them,
 * its counts (freed_space, purged_blobs, purged_rows...) as one JSON string.
 */
export function executionHistory(jobName: string, execution: ExecutionRow): ExecHistoryView {
  return {
    id: execution.id,
    job_name: jobName,
    job_kind: execution.trigger,
    job_parameters: JSON.stringify(execution.extra_attrs),
    schedule: { type: titleCase(execution.trigger), cron: '' },
    job_status: execution.status,
    deleted: false,
    creation_time: execution.start_time,
    update_time: execution.update_time,
  };
}

/** The schedule of a system job in the same shape, as Harbor answers `GET .../schedule`. */
export function scheduleHistory(schedule: ScheduleRow, now = new Date()): ExecHistoryView {
  return {
    id: schedule.id,
    job_name: '',
    job_kind: schedule.cron,
    job_parameters: schedule.callback_func_param,
    schedule: {
      type: schedule.cron_type,
      cron: schedule.cron,
      next_scheduled_time: nextFire(schedule.cron, now).toISOString(),
    },
    job_status: '',
    deleted: false,
    creation_time: schedule.creation_time,
    update_time: schedule.update_time,
  };
}
