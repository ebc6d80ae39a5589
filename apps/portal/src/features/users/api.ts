import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Schemas } from '../../lib/api-types';
import { fuzzyQuery } from '../../lib/harbor-query';

export type User = ApiModel<'UserResp', 'user_id' | 'username'>;

export function getCurrentUser(signal?: AbortSignal): Promise<User> {
  return apiClient.get<User>('/users/current', { signal });
}

export type UserCreation = ApiModel<'UserCreationReq', 'username' | 'email' | 'realname' | 'password'>;

/** Admin list; `username` filters fuzzily (q=username=~value). */
export interface UserListParams {
  page: number;
  pageSize: number;
  username?: string;
  /** Harbor's sort, e.g. `-creation_time`. */
  sort?: string;
}

export function listUsers(params: UserListParams, signal?: AbortSignal): Promise<ListPage<User>> {
  return apiClient.list<User>('/users', {
    signal,
    query: {
      page: params.page,
      page_size: params.pageSize,
      q: params.username ? fuzzyQuery('username', params.username) : undefined,
      sort: params.sort,
    },
  });
}

export function createUser(body: UserCreation): Promise<void> {
  return apiClient.post('/users', body);
}

export function setSysAdmin(userId: number, sysadmin: boolean): Promise<void> {
  return apiClient.put(`/users/${userId}/sysadmin`, { sysadmin_flag: sysadmin });
}

/** An admin resetting someone else's password: no old password. */
export function resetPassword(userId: number, password: string): Promise<void> {
  return apiClient.put(`/users/${userId}/password`, { new_password: password });
}

export function deleteUser(userId: number): Promise<void> {
  return apiClient.delete(`/users/${userId}`);
}

/** Any signed-in user may look up usernames (Harbor's member dialog suggestions). */
export function searchUsers(
  username: string,
  signal?: AbortSignal,
): Promise<{ user_id: number; username: string }[]> {
  return apiClient.get('/users/search', { signal, query: { username, page_size: 10 } });
}

/** A user changing their own password: Harbor checks the old one (403 when it is wrong). */
export function changePassword(userId: number, oldPassword: string, newPassword: string): Promise<void> {
  return apiClient.put(`/users/${userId}/password`, {
    old_password: oldPassword,
    new_password: newPassword,
  } satisfies Schemas['PasswordReq']);
}

/**
 * An OIDC user's CLI secret (their docker login password): a new one of their own (Harbor's password
 * policy), or '' for core to make one up. The old one stops working at once.
 */
export function setCliSecret(userId: number, secret: string): Promise<void> {
  return apiClient.put(`/users/${userId}/cli_secret`, { secret } satisfies Schemas['OIDCCliSecretReq']);
}
