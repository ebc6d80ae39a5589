import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel } from '../../lib/api-types';

export type Member = ApiModel<
  'ProjectMemberEntity',
  'id' | 'project_id' | 'entity_name' | 'entity_type' | 'entity_id' | 'role_id'
>;

export function listMembers(
  projectId: number,
  params: { page: number; pageSize: number; entityname?: string },
  signal?: AbortSignal,
): Promise<ListPage<Member>> {
  return apiClient.list<Member>(`/projects/${projectId}/members`, {
    signal,
    query: { page: params.page, page_size: params.pageSize, entityname: params.entityname || undefined },
  });
}

export function addMember(projectId: number, username: string, roleId: number): Promise<void> {
  return apiClient.post(`/projects/${projectId}/members`, { role_id: roleId, member_user: { username } });
}

export function updateMemberRole(projectId: number, memberId: number, roleId: number): Promise<void> {
  return apiClient.put(`/projects/${projectId}/members/${memberId}`, { role_id: roleId });
}

export function removeMember(projectId: number, memberId: number): Promise<void> {
  return apiClient.delete(`/projects/${projectId}/members/${memberId}`);
}
