/** Harbor's ReplicationExecution. */
export interface ReplicationExecutionView {
  id: number;
  policy_id: number;
  status: string;
  status_text: string;
  trigger: string;
  start_time: string;
  end_time?: string;
  total: number;
  failed: number;
  succeed: number;
  in_progress: number;
  stopped: number;
}

/** Harbor's ReplicationTask. */
export interface ReplicationTaskView {
  id: number;
  execution_id: number;
  job_id: string;
  status: string;
  operation: string;
  resource_type: string;
  src_resource: string;
  dst_resource: string;
  start_time?: string;
  end_time?: string;
}

/** Harbor keeps replication's old words for statuses and triggers (`InProgress`, `Succeed`, `manual`...). */
const EXECUTION_STATUS: Record<string, string> = {
  Pending: 'InProgress',
  Running: 'InProgress',
  Success: 'Succeed',
  Stopped: 'Stopped',
  Error: 'Failed',
};
const TASK_STATUS: Record<string, string> = { Running: 'InProgress', Success: 'Succeed', Error: 'Failed' };
const TRIGGER: Record<string, string> = { MANUAL: 'manual', SCHEDULE: 'scheduled', EVENT: 'event_based' };

/** The API's words back to the stored ones, for the `status` and `trigger` filters. */
export const STORED_EXECUTION_STATUS: Record<string, string[]> = {
  InProgress: ['Pending', 'Running'],
  Succeed: ['Success'],
  Stopped: ['Stopped'],
  Failed: ['Error'],
};
export const STORED_TASK_STATUS: Record<string, string[]> = {
  InProgress: ['Running'],
  Succeed: ['Success'],
  Failed: ['Error'],
};
export const STORED_TRIGGER: Record<string, string> = {
  manual: 'MANUAL',
  scheduled: 'SCHEDULE',
  event_based: 'EVENT',
};

function iso(value: Date | string | null | undefined): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}

export interface ExecutionCountsRow {
  id: number;
  vendor_id: number;
  status: string;
  status_message: string | null;
  trigger: string;
  start_time: Date;
  end_time: Date | null;
  total: number;
  failed: number;
  succeed: number;
  in_progress: number;
  stopped: number;
}

export function executionView(row: ExecutionCountsRow): ReplicationExecutionView {
  const end = iso(row.end_time);
  return {
    id: row.id,
    policy_id: row.vendor_id,
    status: EXECUTION_STATUS[row.status] ?? row.status,
    status_text: row.status_message ?? '',
    trigger: TRIGGER[row.trigger] ?? row.trigger,
    start_time: iso(row.start_time)!,
    ...(end ? { end_time: end } : {}),
    total: row.total,
    failed: row.failed,
    succeed: row.succeed,
    in_progress: row.in_progress,
    stopped: row.stopped,
  };
}

export function taskView(row: {
  id: number;
  execution_id: number;
  job_id: string | null;
  status: string;
  start_time: Date | null;
  end_time: Date | null;
  extra_attrs: Record<string, unknown>;
}): ReplicationTaskView {
  const attrs = row.extra_attrs as Partial<
    Record<'operation' | 'resource_type' | 'src_resource' | 'dst_resource', string>
  >;
  const start = iso(row.start_time);
  const end = iso(row.end_time);
  return {
    id: row.id,
    execution_id: row.execution_id,
    job_id: row.job_id ?? '',
    status: TASK_STATUS[row.status] ?? row.status,
    operation: attrs.operation ?? '',
    resource_type: attrs.resource_type ?? '',
    src_resource: attrs.src_resource ?? '',
    dst_resource: attrs.dst_resource ?? '',
    ...(start ? { start_time: start } : {}),
    ...(end ? { end_time: end } : {}),
  };
}
