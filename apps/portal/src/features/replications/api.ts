import { API_BASE, apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Schemas } from '../../lib/api-types';

export type ReplicationPolicy = ApiModel<'ReplicationPolicy', 'id' | 'name'>;
export type ReplicationPolicyInput = Schemas['ReplicationPolicy'];

export function listPolicies(signal?: AbortSignal): Promise<ListPage<ReplicationPolicy>> {
  return apiClient.list<ReplicationPolicy>('/replication/policies', {
    signal,
    query: { page: 1, page_size: 100 },
  });
}

export function createPolicy(input: ReplicationPolicyInput): Promise<void> {
  return apiClient.post('/replication/policies', input);
}

export function updatePolicy({ id, input }: { id: number; input: ReplicationPolicyInput }): Promise<void> {
  return apiClient.put(`/replication/policies/${id}`, input);
}

export function deletePolicy(id: number): Promise<void> {
  return apiClient.delete(`/replication/policies/${id}`);
}

/** Harbor's ReplicationExecution: status is InProgress, Succeed, Failed or Stopped; trigger manual, scheduled or event_based. */
export type ReplicationExecution = ApiModel<'ReplicationExecution', 'id' | 'status'>;
/** Harbor's ReplicationTask: one per repository (or chart) copied or deleted. */
export type ReplicationTask = ApiModel<'ReplicationTask', 'id' | 'status'>;

export interface PageParams {
  page: number;
  pageSize: number;
}

const executionPath = (id: number) => `/replication/executions/${id}`;

/** REPLICATE: starts a manual run of the policy. */
export function startReplication(policyId: number): Promise<void> {
  return apiClient.post('/replication/executions', { policy_id: policyId });
}

/** The policy's runs, newest first. */
export function listExecutions(
  policyId: number,
  { page, pageSize }: PageParams,
  signal?: AbortSignal,
): Promise<ListPage<ReplicationExecution>> {
  return apiClient.list<ReplicationExecution>('/replication/executions', {
    signal,
    query: { policy_id: policyId, page, page_size: pageSize, sort: '-start_time' },
  });
}

/** Harbor's PUT on an execution stops it; it has no body. */
export function stopExecution(executionId: number): Promise<void> {
  return apiClient.put(executionPath(executionId));
}

export function listTasks(
  executionId: number,
  { page, pageSize }: PageParams,
  signal?: AbortSignal,
): Promise<ListPage<ReplicationTask>> {
  return apiClient.list<ReplicationTask>(`${executionPath(executionId)}/tasks`, {
    signal,
    query: { page, page_size: pageSize },
  });
}

/** A task's log as plain text, opened in a new tab (the session cookie authorises it). */
export const taskLogUrl = (executionId: number, taskId: number) =>
  `${API_BASE}${executionPath(executionId)}/tasks/${taskId}/log`;

/** What `POST /replication/imports/image-syncer` (a harbor-ts extension) made, or would make on a dry run. */
export interface ImageSyncerImport {
  registries: { id?: number; name: string; url: string; type: string; created: boolean }[];
  policies: { id?: number; name: string; direction: 'pull' | 'push'; registry: string }[];
}

export interface ImageSyncerImportInput {
  /** The texts of image-syncer's images file and, optionally, its auth file (YAML or JSON). */
  images: string;
  auth?: string;
  trigger: { type: 'manual' | 'scheduled'; trigger_settings?: { cron: string } };
  dry_run: boolean;
}

export function importImageSyncer(input: ImageSyncerImportInput): Promise<ImageSyncerImport> {
  return apiClient.post<ImageSyncerImport>('/replication/imports/image-syncer', input);
}
