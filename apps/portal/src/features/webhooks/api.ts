import { API_BASE, apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Override, Schemas } from '../../lib/api-types';

/** Harbor's notify types: an HTTP endpoint or a Slack incoming webhook. */
export type NotifyType = 'http' | 'slack';

/** A target as core answers it: `auth_header` is write-only and never comes back. */
export type WebhookTarget = Omit<ApiModel<'WebhookTargetObject', 'type' | 'address'>, 'auth_header'>;

/** Harbor's WebhookPolicy as core lists it; the portal edits its first (only) target, as Harbor's does. */
export type WebhookPolicy = Override<
  ApiModel<'WebhookPolicy', 'id' | 'name' | 'enabled' | 'event_types'>,
  { targets: WebhookTarget[] }
>;

/**
 * A target as the portal sends it. `auth_header` left out keeps the header core holds for the same
 * type and address; `''` removes it.
 */
export type WebhookTargetBody = Schemas['WebhookTargetObject'] & { type: NotifyType; address: string };

/** What create and update send: Harbor's WebhookPolicy without the fields the server sets. */
export interface WebhookPolicyBody {
  name: string;
  description: string;
  enabled: boolean;
  event_types: string[];
  targets: WebhookTargetBody[];
}

/** `/webhook/events`: the event types, notify types and (per notify type) payload formats core supports. */
export type WebhookEvents = Schemas['SupportedWebhookEventTypes'];

/** One policy and event type with the time it last fired (absent until it has). */
export type WebhookLastTrigger = Schemas['WebhookLastTrigger'];

/** Harbor's Execution of a webhook policy: `extra_attrs.event_type` names the event delivered. */
export type WebhookExecution = Override<
  ApiModel<'Execution', 'id' | 'status'>,
  { extra_attrs?: Record<string, unknown> }
>;

/** One delivery to one target, with its log. */
export type WebhookTask = Override<
  ApiModel<'Task', 'id' | 'status'>,
  { extra_attrs?: Record<string, unknown> }
>;

export interface PageParams {
  page: number;
  pageSize: number;
}

const webhookPath = (projectId: number) => `/projects/${projectId}/webhook`;
const policiesPath = (projectId: number) => `${webhookPath(projectId)}/policies`;
const executionsPath = (projectId: number, policyId: number) =>
  `${policiesPath(projectId)}/${policyId}/executions`;
const tasksPath = (projectId: number, policyId: number, executionId: number) =>
  `${executionsPath(projectId, policyId)}/${executionId}/tasks`;

/** The project's policies, newest first (core's and Harbor's default order). */
export function listWebhookPolicies(
  projectId: number,
  { page, pageSize }: PageParams,
  signal?: AbortSignal,
): Promise<ListPage<WebhookPolicy>> {
  return apiClient.list<WebhookPolicy>(policiesPath(projectId), {
    signal,
    query: { page, page_size: pageSize },
  });
}

export function createWebhookPolicy(projectId: number, policy: WebhookPolicyBody): Promise<void> {
  return apiClient.post(policiesPath(projectId), policy);
}

/** Harbor's PUT takes the whole policy: edits and enable/disable alike. */
export function updateWebhookPolicy(projectId: number, id: number, policy: WebhookPolicyBody): Promise<void> {
  return apiClient.put(`${policiesPath(projectId)}/${id}`, policy);
}

export function deleteWebhookPolicy(projectId: number, id: number): Promise<void> {
  return apiClient.delete(`${policiesPath(projectId)}/${id}`);
}

export function getWebhookEvents(projectId: number, signal?: AbortSignal): Promise<WebhookEvents> {
  return apiClient.get<WebhookEvents>(`${webhookPath(projectId)}/events`, { signal });
}

export function listLastTriggers(projectId: number, signal?: AbortSignal): Promise<WebhookLastTrigger[]> {
  return apiClient.get<WebhookLastTrigger[]>(`${webhookPath(projectId)}/lasttrigger`, { signal });
}

/** A policy's executions, newest first. */
export function listWebhookExecutions(
  projectId: number,
  policyId: number,
  { page, pageSize }: PageParams,
  signal?: AbortSignal,
): Promise<ListPage<WebhookExecution>> {
  return apiClient.list<WebhookExecution>(executionsPath(projectId, policyId), {
    signal,
    query: { page, page_size: pageSize },
  });
}

/** An execution's tasks, one per target. */
export function listWebhookTasks(
  projectId: number,
  policyId: number,
  executionId: number,
  { page, pageSize }: PageParams,
  signal?: AbortSignal,
): Promise<ListPage<WebhookTask>> {
  return apiClient.list<WebhookTask>(tasksPath(projectId, policyId, executionId), {
    signal,
    query: { page, page_size: pageSize },
  });
}

/** The task's log as plain text, opened in a new tab (the session cookie authorises it). */
export const webhookTaskLogUrl = (projectId: number, policyId: number, executionId: number, taskId: number) =>
  `${API_BASE}${tasksPath(projectId, policyId, executionId)}/${taskId}/log`;
