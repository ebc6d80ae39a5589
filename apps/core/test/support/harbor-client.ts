/** Small HTTP helpers for core's API tests: basic auth, JSON bodies, and UI sessions with CSRF. */
export interface Credentials {
  username: string;
  password: string;
}

export function basicAuth({ username, password }: Credentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export const ADMIN: Credentials = { username: 'admin', password: 'Harbor12345' };

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

// Tests read arbitrary JSON bodies; `any` keeps their assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Calls `/api/v2.0<path>`; `as` is basic-auth credentials, omitted for an anonymous call. */
export async function api<T = Json>(
  baseUrl: string,
  method: string,
  path: string,
  options: { as?: Credentials; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as) headers.authorization = basicAuth(options.as);
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}/api/v2.0${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON; keep the text
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

/** Signs in through `/c/login` and returns the session cookie and CSRF token. */
export async function login(baseUrl: string, { username, password }: Credentials) {
  const response = await fetch(`${baseUrl}/c/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ principal: username, password }).toString(),
  });
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  return { response, cookie, setCookie, csrf: response.headers.get('x-harbor-csrf-token') ?? '' };
}
