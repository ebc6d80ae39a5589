import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  getSchedule,
  listRuns,
  runNow,
  saveSchedule,
  stopRun,
  type CleanupJob,
  type RunListParams,
  type ScheduleBody,
} from './api';
import { UNFINISHED_STATUSES } from '../../components/job-status';

/** How often the history is re-read while a run is Pending or Running (Harbor's portal: 5 s). */
export const RUN_POLL_MS = 5000;

// Hierarchical keys: cleanupKeys.job('gc') covers the GC schedule and every page of its history.
export const cleanupKeys = {
  all: ['cleanup'] as const,
  job: (job: CleanupJob) => [...cleanupKeys.all, job] as const,
  schedule: (job: CleanupJob) => [...cleanupKeys.job(job), 'schedule'] as const,
  runs: (job: CleanupJob) => [...cleanupKeys.job(job), 'runs'] as const,
  runList: (job: CleanupJob, params: RunListParams) => [...cleanupKeys.runs(job), params] as const,
};

export const scheduleQuery = (job: CleanupJob) =>
  queryOptions({
    queryKey: cleanupKeys.schedule(job),
    queryFn: ({ signal }) => getSchedule(job, signal),
  });

export const runListQuery = (job: CleanupJob, params: RunListParams) =>
  queryOptions({
    queryKey: cleanupKeys.runList(job, params),
    queryFn: ({ signal }) => listRuns(job, params, signal),
    placeholderData: keepPreviousData,
    // Keep unfinished runs moving on screen; stop polling once every run shown has finished.
    refetchInterval: (query) =>
      query.state.data?.items.some((run) => UNFINISHED_STATUSES.has(run.job_status)) ? RUN_POLL_MS : false,
  });

export function useSaveSchedule<P>(job: CleanupJob) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, exists }: { body: ScheduleBody<P>; exists: boolean }) =>
      saveSchedule(job, body, exists),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cleanupKeys.schedule(job) }),
  });
}

/** Runs the job now (or its dry run); the history shows the new run at once. */
export function useRunNow<P>(job: CleanupJob) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (parameters: P) => runNow(job, parameters),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cleanupKeys.runs(job) }),
  });
}

export function useStopRun(job: CleanupJob) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => stopRun(job, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cleanupKeys.runs(job) }),
  });
}
