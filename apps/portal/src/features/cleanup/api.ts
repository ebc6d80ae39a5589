import { API_BASE, apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Override, Schemas } from '../../lib/api-types';

/** The two system jobs Clean Up manages, by their path under `/system`. */
export type CleanupJob = 'gc' | 'purgeaudit';

/** One run (an execution) of a system job: Harbor's GCHistory and ExecHistory have the same fields. */
export type JobRun = ApiModel<'GCHistory', 'id' | 'job_status'>;

/** The saved schedule of a system job, in the same shape (`job_parameters` holds its parameters). */
export type JobSchedule = Schemas['GCHistory'];

/** Harbor's GC parameters, plus harbor-ts's `time_window` (hours during which a blob stays protected). */
export interface GcParameters {
  delete_untagged: boolean;
  dry_run: boolean;
  workers: number;
  time_window: number;
}

/** Harbor's log rotation parameters; `include_event_types` is a comma separated list. */
export interface PurgeParameters {
  audit_retention_hour: number;
  include_event_types: string;
  dry_run: boolean;
}

/** Harbor's Schedule body with the parameters the swagger leaves open. */
export type ScheduleBody<P> = Override<Schemas['Schedule'], { parameters: P }>;

export interface RunListParams {
  page: number;
  pageSize: number;
}

const base = (job: CleanupJob) => `/system/${job}`;

/** 200 with no body when nothing is scheduled. */
export async function getSchedule(job: CleanupJob, signal?: AbortSignal): Promise<JobSchedule | null> {
  return (await apiClient.get<JobSchedule | undefined>(`${base(job)}/schedule`, { signal })) ?? null;
}

/** Harbor creates a schedule with POST and changes one with PUT. */
export function saveSchedule<P>(job: CleanupJob, body: ScheduleBody<P>, exists: boolean): Promise<void> {
  return exists
    ? apiClient.put(`${base(job)}/schedule`, body)
    : apiClient.post(`${base(job)}/schedule`, body);
}

/** "GC Now", "Purge Now" and their dry runs: a schedule of type Manual runs at once. */
export function runNow<P>(job: CleanupJob, parameters: P): Promise<void> {
  const body = { schedule: { type: 'Manual' }, parameters } satisfies ScheduleBody<P>;
  return apiClient.post(`${base(job)}/schedule`, body);
}

export function listRuns(
  job: CleanupJob,
  { page, pageSize }: RunListParams,
  signal?: AbortSignal,
): Promise<ListPage<JobRun>> {
  return apiClient.list<JobRun>(base(job), { signal, query: { page, page_size: pageSize } });
}

export function stopRun(job: CleanupJob, id: number): Promise<void> {
  return apiClient.put(`${base(job)}/${id}`);
}

/** The run's log as plain text, opened in a new tab (the session cookie authorises it). */
export const runLogUrl = (job: CleanupJob, id: number) => `${API_BASE}${base(job)}/${id}/log`;
