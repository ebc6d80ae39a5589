import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { projectKeys } from '../projects/queries';
import {
  createRetentionPolicy,
  getRetentionMetadata,
  getRetentionPolicy,
  listRetentionExecutions,
  listRetentionTasks,
  runRetention,
  stopRetentionExecution,
  updateRetentionPolicy,
  type PageParams,
  type RetentionPolicy,
} from './api';
import { UNFINISHED_STATUSES } from '../../components/job-status';

/** How often runs and their tasks are re-read while one shown is Pending or Running (Harbor's portal: 5 s). */
export const RUN_POLL_MS = 5000;

// Hierarchical keys: retentionKeys.policy(7) covers the policy, its runs and every run's tasks.
export const retentionKeys = {
  all: ['tag-retention'] as const,
  metadata: () => [...retentionKeys.all, 'metadata'] as const,
  policy: (id: number) => [...retentionKeys.all, 'policy', id] as const,
  executions: (id: number) => [...retentionKeys.policy(id), 'executions'] as const,
  executionList: (id: number, params: PageParams) =>
    [...retentionKeys.executions(id), 'list', params] as const,
  tasks: (id: number, executionId: number, params: PageParams) =>
    [...retentionKeys.executions(id), executionId, 'tasks', params] as const,
};

const pollWhileUnfinished = (items: { status: string }[] | undefined, live = false) =>
  live || items?.some((item) => UNFINISHED_STATUSES.has(item.status)) ? RUN_POLL_MS : false;

/** Templates and selectors change only with a core upgrade. */
export const retentionMetadataQuery = () =>
  queryOptions({
    queryKey: retentionKeys.metadata(),
    queryFn: ({ signal }) => getRetentionMetadata(signal),
    staleTime: 5 * 60_000,
  });

export const retentionPolicyQuery = (id: number) =>
  queryOptions({
    queryKey: retentionKeys.policy(id),
    queryFn: ({ signal }) => getRetentionPolicy(id, signal),
  });

export const retentionExecutionsQuery = (id: number, params: PageParams) =>
  queryOptions({
    queryKey: retentionKeys.executionList(id, params),
    queryFn: ({ signal }) => listRetentionExecutions(id, params, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => pollWhileUnfinished(query.state.data?.items),
  });

/** `live` while the run itself is unfinished: its launcher adds the repositories' tasks as it goes. */
export const retentionTasksQuery = (id: number, executionId: number, params: PageParams, live: boolean) =>
  queryOptions({
    queryKey: retentionKeys.tasks(id, executionId, params),
    queryFn: ({ signal }) => listRetentionTasks(id, executionId, params, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => pollWhileUnfinished(query.state.data?.items, live),
  });

/**
 * Saves the whole policy: the first save creates it (core then names it in the project's `retention_id`,
 * so the project is re-read), later ones replace it.
 */
export function useSaveRetentionPolicy(policyId: number | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (policy: RetentionPolicy) => {
      if (policyId === undefined) return createRetentionPolicy(policy);
      await updateRetentionPolicy(policyId, policy);
      return policyId;
    },
    onSuccess: async (id) => {
      if (policyId === undefined) await queryClient.invalidateQueries({ queryKey: projectKeys.details() });
      await queryClient.invalidateQueries({ queryKey: retentionKeys.policy(id) });
    },
  });
}

/** RUN NOW and DRY RUN; the history shows the new run at once. */
export function useRunRetention(policyId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (dryRun: boolean) => runRetention(policyId, dryRun),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: retentionKeys.executions(policyId) }),
  });
}

export function useStopRetentionExecution(policyId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (executionId: number) => stopRetentionExecution(policyId, executionId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: retentionKeys.executions(policyId) }),
  });
}
