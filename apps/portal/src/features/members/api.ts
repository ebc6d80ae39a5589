import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Schemas } from '../../lib/api-types';

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

/** A group as core finds it: by id, by LDAP group DN (added to the groups when new), or by name. */
export type MemberGroup = Pick<Schemas['UserGroup'], 'id' | 'group_name' | 'group_type' | 'ldap_group_dn'>;

export function addGroupMember(projectId: number, group: MemberGroup, roleId: number): Promise<void> {
  return apiClient.post(`/projects/${projectId}/members`, {
    role_id: roleId,
    member_group: group,
  } satisfies Schemas['ProjectMember']);
}

export function updateMemberRole(projectId: number, memberId: number, roleId: number): Promise<void> {
  return apiClient.put(`/projects/${projectId}/members/${memberId}`, { role_id: roleId });
}

export function removeMember(projectId: number, memberId: number): Promise<void> {
  return apiClient.delete(`/projects/${projectId}/members/${memberId}`);
}
