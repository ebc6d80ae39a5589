import { API_BASE, apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Override, Schemas } from '../../lib/api-types';

/** One selector of a rule: Harbor's only kind is `doublestar`; a tag selector's `extras` is `{"untagged":bool}`. */
export type RetentionSelector = ApiModel<'RetentionSelector', 'kind' | 'decoration' | 'pattern'>;

/**
 * Harbor's RetentionRule. The swagger types `params` as objects; core holds numbers there, keyed by the
 * template (`{"latestPushedK": 10}`). The first repository and tag selectors are the ones Harbor's portal edits.
 */
export type RetentionRule = Override<
  ApiModel<'RetentionRule', 'disabled' | 'action' | 'template'>,
  {
    params?: Record<string, number>;
    tag_selectors: RetentionSelector[];
    scope_selectors: { repository: RetentionSelector[] };
  }
>;

/** Harbor's RetentionPolicy: one per project, its id in the project's `retention_id` metadata. */
export type RetentionPolicy = Override<
  ApiModel<'RetentionPolicy', 'algorithm'>,
  {
    rules: RetentionRule[];
    trigger: { kind: string; settings: { cron?: string; next_scheduled_time?: string }; references?: object };
    scope: { level: string; ref: number };
  }
>;

export type RetentionMetadata = Schemas['RetentionMetadata'];
export type RetentionExecution = ApiModel<'RetentionExecution', 'id' | 'status'>;
export type RetentionTask = ApiModel<'RetentionExecutionTask', 'id' | 'status'>;

export interface PageParams {
  page: number;
  pageSize: number;
}

const policyPath = (id: number) => `/retentions/${id}`;
const tasksPath = (id: number, executionId: number) => `${policyPath(id)}/executions/${executionId}/tasks`;

/** The templates, scope and tag selectors core supports (Harbor's `GET /retentions/metadatas`). */
export function getRetentionMetadata(signal?: AbortSignal): Promise<RetentionMetadata> {
  return apiClient.get<RetentionMetadata>('/retentions/metadatas', { signal });
}

export function getRetentionPolicy(id: number, signal?: AbortSignal): Promise<RetentionPolicy> {
  return apiClient.get<RetentionPolicy>(policyPath(id), { signal });
}

/** Core answers 201 with the new policy's `Location`; returns its id. */
export async function createRetentionPolicy(policy: RetentionPolicy): Promise<number> {
  const { headers } = await apiClient.requestWithResponse<void>(`${API_BASE}/retentions`, {
    method: 'POST',
    json: policy,
  });
  return Number(headers.get('Location')?.split('/').pop());
}

/** Harbor's PUT takes the whole policy: rules, their enabled state and the schedule alike. */
export function updateRetentionPolicy(id: number, policy: RetentionPolicy): Promise<void> {
  return apiClient.put(policyPath(id), policy);
}

/** RUN NOW (`dry_run` false) and DRY RUN (true). */
export function runRetention(id: number, dryRun: boolean): Promise<void> {
  return apiClient.post(`${policyPath(id)}/executions`, { dry_run: dryRun });
}

/** The policy's runs, newest first. */
export function listRetentionExecutions(
  id: number,
  { page, pageSize }: PageParams,
  signal?: AbortSignal,
): Promise<ListPage<RetentionExecution>> {
  return apiClient.list<RetentionExecution>(`${policyPath(id)}/executions`, {
    signal,
    query: { page, page_size: pageSize },
  });
}

export function stopRetentionExecution(id: number, executionId: number): Promise<void> {
  return apiClient.patch(`${policyPath(id)}/executions/${executionId}`, { action: 'stop' });
}

/** A run's tasks, one per repository, with how many artifacts it retained of how many. */
export function listRetentionTasks(
  id: number,
  executionId: number,
  { page, pageSize }: PageParams,
  signal?: AbortSignal,
): Promise<ListPage<RetentionTask>> {
  return apiClient.list<RetentionTask>(tasksPath(id, executionId), {
    signal,
    query: { page, page_size: pageSize },
  });
}

/** The task's log as plain text, opened in a new tab (the session cookie authorises it). */
export const retentionTaskLogUrl = (id: number, executionId: number, taskId: number) =>
  `${API_BASE}${tasksPath(id, executionId)}/${taskId}`;
