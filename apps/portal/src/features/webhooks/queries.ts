import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  createWebhookPolicy,
  deleteWebhookPolicy,
  getWebhookEvents,
  listLastTriggers,
  listWebhookExecutions,
  listWebhookPolicies,
  listWebhookTasks,
  updateWebhookPolicy,
  type PageParams,
  type WebhookPolicyBody,
} from './api';
import { UNFINISHED_STATUSES } from '../../components/job-status';

/** How often executions and tasks are re-read while one shown is unfinished (as Clean Up does). */
export const DELIVERY_POLL_MS = 5000;

// Hierarchical keys: webhookKeys.project(3) covers the project's policies, last triggers and deliveries.
export const webhookKeys = {
  all: ['webhooks'] as const,
  project: (projectId: number) => [...webhookKeys.all, projectId] as const,
  events: (projectId: number) => [...webhookKeys.project(projectId), 'events'] as const,
  lastTriggers: (projectId: number) => [...webhookKeys.project(projectId), 'last-triggers'] as const,
  policies: (projectId: number) => [...webhookKeys.project(projectId), 'policies'] as const,
  policyList: (projectId: number, params: PageParams) =>
    [...webhookKeys.policies(projectId), 'list', params] as const,
  policy: (projectId: number, policyId: number) => [...webhookKeys.policies(projectId), policyId] as const,
  executions: (projectId: number, policyId: number, params: PageParams) =>
    [...webhookKeys.policy(projectId, policyId), 'executions', params] as const,
  tasks: (projectId: number, policyId: number, executionId: number, params: PageParams) =>
    [...webhookKeys.policy(projectId, policyId), 'executions', executionId, 'tasks', params] as const,
};

const pollWhileUnfinished = (items: { status: string }[] | undefined) =>
  items?.some((item) => UNFINISHED_STATUSES.has(item.status)) ? DELIVERY_POLL_MS : false;

export const webhookPolicyListQuery = (projectId: number, params: PageParams) =>
  queryOptions({
    queryKey: webhookKeys.policyList(projectId, params),
    queryFn: ({ signal }) => listWebhookPolicies(projectId, params, signal),
    placeholderData: keepPreviousData,
  });

/** The choices of the New / Edit dialog; they change only with a core upgrade. */
export const webhookEventsQuery = (projectId: number) =>
  queryOptions({
    queryKey: webhookKeys.events(projectId),
    queryFn: ({ signal }) => getWebhookEvents(projectId, signal),
    staleTime: 5 * 60_000,
  });

export const webhookLastTriggersQuery = (projectId: number) =>
  queryOptions({
    queryKey: webhookKeys.lastTriggers(projectId),
    queryFn: ({ signal }) => listLastTriggers(projectId, signal),
  });

export const webhookExecutionsQuery = (projectId: number, policyId: number, params: PageParams) =>
  queryOptions({
    queryKey: webhookKeys.executions(projectId, policyId, params),
    queryFn: ({ signal }) => listWebhookExecutions(projectId, policyId, params, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => pollWhileUnfinished(query.state.data?.items),
  });

export const webhookTasksQuery = (
  projectId: number,
  policyId: number,
  executionId: number,
  params: PageParams,
) =>
  queryOptions({
    queryKey: webhookKeys.tasks(projectId, policyId, executionId, params),
    queryFn: ({ signal }) => listWebhookTasks(projectId, policyId, executionId, params, signal),
    refetchInterval: (query) => pollWhileUnfinished(query.state.data?.items),
  });

/** A policy change re-reads the project's policies and their last triggers. */
function usePolicyMutation<I>(projectId: number, fn: (input: I) => Promise<void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: webhookKeys.policies(projectId) });
      await queryClient.invalidateQueries({ queryKey: webhookKeys.lastTriggers(projectId) });
    },
  });
}

export const useCreateWebhookPolicy = (projectId: number) =>
  usePolicyMutation(projectId, (policy: WebhookPolicyBody) => createWebhookPolicy(projectId, policy));
export const useUpdateWebhookPolicy = (projectId: number) =>
  usePolicyMutation(projectId, ({ id, policy }: { id: number; policy: WebhookPolicyBody }) =>
    updateWebhookPolicy(projectId, id, policy),
  );
export const useDeleteWebhookPolicy = (projectId: number) =>
  usePolicyMutation(projectId, (id: number) => deleteWebhookPolicy(projectId, id));
