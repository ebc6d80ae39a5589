import { apiClient, type ListPage } from '../../lib/api-client';
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
