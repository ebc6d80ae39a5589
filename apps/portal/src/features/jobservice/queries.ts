import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ListPage } from '../../lib/api-client';
import {
  actOnQueue,
  listPools,
  listQueues,
  listSchedules,
  listWorkers,
  schedulesPaused,
  stopJob,
  SCHEDULER_QUEUE,
  type JobQueue,
  type PageParams,
  type QueueAction,
} from './api';

/** The dashboard shows live state: re-read it while the page is open. */
export const DASHBOARD_POLL_MS = 10_000;

// Hierarchical keys: jobServiceKeys.all refreshes the whole dashboard.
export const jobServiceKeys = {
  all: ['jobservice'] as const,
  queues: () => [...jobServiceKeys.all, 'queues'] as const,
  schedules: () => [...jobServiceKeys.all, 'schedules'] as const,
  scheduleList: (params: PageParams) => [...jobServiceKeys.schedules(), 'list', params] as const,
  schedulesPaused: () => [...jobServiceKeys.schedules(), 'paused'] as const,
  pools: () => [...jobServiceKeys.all, 'pools'] as const,
  workers: (poolId: string) => [...jobServiceKeys.pools(), poolId, 'workers'] as const,
};

const asPage = <T>(items: T[]): ListPage<T> => ({ items, total: items.length });

/** The job types' queues; the scheduler's own queue is paused and resumed with the schedules. */
export const queueListQuery = () =>
  queryOptions({
    queryKey: jobServiceKeys.queues(),
    queryFn: ({ signal }) => listQueues(signal),
    select: (queues): ListPage<JobQueue> => asPage(queues.filter((q) => q.job_type !== SCHEDULER_QUEUE)),
    refetchInterval: DASHBOARD_POLL_MS,
  });

export const scheduleListQuery = (params: PageParams) =>
  queryOptions({
    queryKey: jobServiceKeys.scheduleList(params),
    queryFn: ({ signal }) => listSchedules(params, signal),
    placeholderData: keepPreviousData,
  });

export const schedulesPausedQuery = () =>
  queryOptions({
    queryKey: jobServiceKeys.schedulesPaused(),
    queryFn: ({ signal }) => schedulesPaused(signal),
  });

export const poolListQuery = () =>
  queryOptions({
    queryKey: jobServiceKeys.pools(),
    queryFn: ({ signal }) => listPools(signal),
    select: asPage,
    refetchInterval: DASHBOARD_POLL_MS,
  });

export const workerListQuery = (poolId: string) =>
  queryOptions({
    queryKey: jobServiceKeys.workers(poolId),
    queryFn: ({ signal }) => listWorkers(poolId, signal),
    select: asPage,
    refetchInterval: DASHBOARD_POLL_MS,
  });

/** Stop, pause or resume a queue; the scheduler's queue also changes the schedules' paused state. */
export function useQueueAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ jobType, action }: { jobType: string; action: QueueAction }) =>
      actOnQueue(jobType, action),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: jobServiceKeys.queues() });
      await queryClient.invalidateQueries({ queryKey: jobServiceKeys.schedules() });
    },
  });
}

export function useStopJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: stopJob,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobServiceKeys.pools() }),
  });
}
