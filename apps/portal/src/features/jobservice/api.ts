import { API_BASE, apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Schemas } from '../../lib/api-types';

export type JobQueue = ApiModel<'JobQueue', 'job_type'>;
export type WorkerPool = ApiModel<'WorkerPool', 'worker_pool_id'>;
export type Worker = ApiModel<'Worker', 'id'>;
export type ScheduleTask = ApiModel<'ScheduleTask', 'id'>;
export type QueueAction = NonNullable<Schemas['ActionRequest']['action']>;

/** The queue of the scheduler: pausing it pauses every schedule (Harbor's dashboard does the same). */
export const SCHEDULER_QUEUE = 'SCHEDULER';

export interface PageParams {
  page: number;
  pageSize: number;
}

export function listQueues(signal?: AbortSignal): Promise<JobQueue[]> {
  return apiClient.get<JobQueue[]>('/jobservice/queues', { signal });
}

/** stop (drop the waiting jobs), pause or resume one job type's queue. */
export function actOnQueue(jobType: string, action: QueueAction): Promise<void> {
  return apiClient.put(`/jobservice/queues/${encodeURIComponent(jobType)}`, {
    action,
  } satisfies Schemas['ActionRequest']);
}

export function listSchedules(
  { page, pageSize }: PageParams,
  signal?: AbortSignal,
): Promise<ListPage<ScheduleTask>> {
  return apiClient.list<ScheduleTask>('/schedules', { signal, query: { page, page_size: pageSize } });
}

/** Harbor only answers for `all` job types. */
export async function schedulesPaused(signal?: AbortSignal): Promise<boolean> {
  const status = await apiClient.get<Schemas['SchedulerStatus']>('/schedules/all/paused', { signal });
  return status.paused === true;
}

export function listPools(signal?: AbortSignal): Promise<WorkerPool[]> {
  return apiClient.get<WorkerPool[]>('/jobservice/pools', { signal });
}

/** `all` lists the workers of every pool. */
export function listWorkers(poolId: string, signal?: AbortSignal): Promise<Worker[]> {
  return apiClient.get<Worker[]>(`/jobservice/pools/${encodeURIComponent(poolId)}/workers`, { signal });
}

export function stopJob(jobId: string): Promise<void> {
  return apiClient.put(`/jobservice/jobs/${encodeURIComponent(jobId)}`);
}

export const jobLogUrl = (jobId: string) => `${API_BASE}/jobservice/jobs/${encodeURIComponent(jobId)}/log`;
