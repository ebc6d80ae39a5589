import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Schemas } from '../../lib/api-types';

export type UserGroup = ApiModel<'UserGroup', 'id' | 'group_name' | 'group_type'>;
export type UserGroupSearchItem = ApiModel<'UserGroupSearchItem', 'id' | 'group_name' | 'group_type'>;
export type UserGroupInput = Schemas['UserGroup'];

/** Harbor's group types. */
export const GROUP_TYPES = { ldap: 1, http: 2, oidc: 3 } as const;
export type GroupType = (typeof GROUP_TYPES)[keyof typeof GROUP_TYPES];

export interface UserGroupListParams {
  page: number;
  pageSize: number;
  /** Case-insensitive part of the name. */
  groupName?: string;
}

export function listUserGroups(
  params: UserGroupListParams,
  signal?: AbortSignal,
): Promise<ListPage<UserGroup>> {
  return apiClient.list<UserGroup>('/usergroups', {
    signal,
    query: { page: params.page, page_size: params.pageSize, group_name: params.groupName || undefined },
  });
}

/** An LDAP group needs its DN (core checks the directory has it); the others only a name. */
export function createUserGroup(input: UserGroupInput): Promise<void> {
  return apiClient.post('/usergroups', input);
}

export function renameUserGroup(id: number, groupName: string): Promise<void> {
  return apiClient.put(`/usergroups/${id}`, { group_name: groupName } satisfies UserGroupInput);
}

export function deleteUserGroup(id: number): Promise<void> {
  return apiClient.delete(`/usergroups/${id}`);
}

/** Any signed-in user may look up group names (the project member dialog's suggestions). */
export function searchUserGroups(groupName: string, signal?: AbortSignal): Promise<UserGroupSearchItem[]> {
  return apiClient.get<UserGroupSearchItem[]>('/usergroups/search', {
    signal,
    query: { groupname: groupName, page_size: 10 },
  });
}
