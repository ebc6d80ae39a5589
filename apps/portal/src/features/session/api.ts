import { apiClient } from '../../lib/api-client';

export interface Credentials {
  username: string;
  password: string;
}

/** Harbor's UI login: a form POST that sets the session cookie. 200 = signed in, 401 = wrong credentials. */
export function signIn({ username, password }: Credentials): Promise<void> {
  return apiClient.request<void>('/c/login', {
    method: 'POST',
    form: { principal: username, password },
  });
}

/** Ends the server-side session (Harbor uses GET here). */
export function signOut(): Promise<void> {
  return apiClient.request<void>('/c/log_out');
}
