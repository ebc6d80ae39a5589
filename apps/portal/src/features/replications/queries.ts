import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  createPolicy,
  deletePolicy,
  importImageSyncer,
  listExecutions,
  listPolicies,
  listTasks,
  startReplication,
  stopExecution,
  updatePolicy,
  type PageParams,
} from './api';
import { isUnfinished } from '../../components/job-status';

/** How often runs and their tasks are re-read while one shown is unfinished (Harbor's portal: 5 s). */
export const RUN_POLL_MS = 5000;

// Hierarchical keys: replicationKeys.executions(7) covers policy 7's runs and every run's tasks.
export const replicationKeys = {
  all: ['replication'] as const,
  policies: () => [...replicationKeys.all, 'policies'] as const,
  executions: (policyId: number) => [...replicationKeys.all, 'executions', policyId] as const,
  executionList: (policyId: number, params: PageParams) =>
    [...replicationKeys.executions(policyId), 'list', params] as const,
  tasks: (policyId: number, executionId: number, params: PageParams) =>
    [...replicationKeys.executions(policyId), executionId, 'tasks', params] as const,
};

const pollWhileUnfinished = (items: { status: string }[] | undefined, live = false) =>
  live || items?.some((item) => isUnfinished(item.status)) ? RUN_POLL_MS : false;

export const policyListQuery = () =>
  queryOptions({ queryKey: replicationKeys.policies(), queryFn: ({ signal }) => listPolicies(signal) });

export const executionListQuery = (policyId: number, params: PageParams) =>
  queryOptions({
    queryKey: replicationKeys.executionList(policyId, params),
    queryFn: ({ signal }) => listExecutions(policyId, params, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => pollWhileUnfinished(query.state.data?.items),
  });

/** `live` while the run itself is unfinished: its launcher adds a task per repository as it goes. */
export const taskListQuery = (policyId: number, executionId: number, params: PageParams, live: boolean) =>
  queryOptions({
    queryKey: replicationKeys.tasks(policyId, executionId, params),
    queryFn: ({ signal }) => listTasks(executionId, params, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => pollWhileUnfinished(query.state.data?.items, live),
  });

export function usePolicyChanges() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: replicationKeys.policies() });
  return {
    create: useMutation({ mutationFn: createPolicy, onSuccess: refresh }),
    update: useMutation({ mutationFn: updatePolicy, onSuccess: refresh }),
    remove: useMutation({ mutationFn: deletePolicy, onSuccess: refresh }),
    // A dry run writes nothing; a real import adds policies (and registries).
    importFiles: useMutation({
      mutationFn: importImageSyncer,
      onSuccess: (_, input) => {
        if (!input.dry_run) void queryClient.invalidateQueries();
      },
    }),
  };
}

/** REPLICATE and STOP; the policy's run list shows the change at once. */
export function useExecutionChanges() {
  const queryClient = useQueryClient();
  const refresh = (policyId: number) =>
    queryClient.invalidateQueries({ queryKey: replicationKeys.executions(policyId) });
  return {
    start: useMutation({ mutationFn: startReplication, onSuccess: (_, policyId) => refresh(policyId) }),
    stop: useMutation({
      mutationFn: ({ executionId }: { policyId: number; executionId: number }) => stopExecution(executionId),
      onSuccess: (_, { policyId }) => refresh(policyId),
    }),
  };
}
