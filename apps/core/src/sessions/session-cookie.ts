import { SESSION_COOKIE } from '../auth/request-credentials.js';

/**
 * A cookie for the browser's session (or, with another name, the short-lived OIDC sign-in record):
 * HttpOnly, SameSite=Lax (sent on the provider's redirect back to us), Secure on an https instance.
 * Without `maxAgeSeconds` it lasts as long as the browser session; its server side expires on its own.
 */
export function sessionCookie(
  externalUrl: string,
  value: string,
  maxAgeSeconds?: number,
  name = SESSION_COOKIE,
) {
  const secure = externalUrl.startsWith('https:') ? '; Secure' : '';
  const maxAge = maxAgeSeconds === undefined ? '' : `; Max-Age=${maxAgeSeconds}`;
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax${maxAge}${secure}`;
}
