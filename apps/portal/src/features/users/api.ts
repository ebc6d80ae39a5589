import { apiClient } from '../../lib/api-client';

/** Harbor's UserResp (GET /users/current and /users/{id}); only the fields the portal reads are listed. */
export interface User {
  user_id: number;
  username: string;
  email?: string;
  realname?: string;
  comment?: string;
  sysadmin_flag?: boolean;
  admin_role_in_auth?: boolean;
  creation_time?: string;
  update_time?: string;
}

export function getCurrentUser(signal?: AbortSignal): Promise<User> {
  return apiClient.get<User>('/users/current', { signal });
}
