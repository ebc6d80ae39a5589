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

/**
 * OIDC onboarding (auto onboarding off): the username the user chose. Core reads who signed in at the
 * provider from the pending-login cookie; 200 signs them in, 400/409 say why not.
 */
export function onboardOidcUser(username: string): Promise<void> {
  return apiClient.request<void>('/c/oidc/onboard', { method: 'POST', json: { username } });
}
