import { ApiError, NETWORK_ERROR, parseErrorBody } from './api-error';

export const API_BASE = '/api/v2.0';
export const CSRF_HEADER = 'X-Harbor-CSRF-Token';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryParams = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: HttpMethod;
  query?: QueryParams;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded (what Harbor's /c/ endpoints expect). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
  status: number;
}

/** A page of a Harbor list endpoint; Harbor reports the full count in X-Total-Count. */
export interface ListPage<T> {
  items: T[];
  total: number;
}

type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

const SAFE_METHODS = new Set<HttpMethod>(['GET', 'HEAD']);

export function buildUrl(path: string, query?: QueryParams): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  if (!(response.headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A proxy can label an HTML page as JSON; surface that as an ApiError, not a bare SyntaxError.
    throw new ApiError(response.status, 'UNKNOWN', `Malformed JSON from ${response.url || 'server'}`);
  }
}

export function createApiClient(options: { fetch?: FetchFn } = {}) {
  // Late-bound so tests that stub the global fetch after import still take effect.
  const doFetch: FetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // Harbor (gorilla/csrf) sends a fresh masked token on every response it protects; unsafe requests must echo one.
  let csrfToken: string | null = null;

  async function send(url: string, method: HttpMethod, opts: RequestOptions): Promise<Response> {
    const headers = new Headers({ Accept: 'application/json', ...opts.headers });
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers.set('Content-Type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(opts.form).toString();
    }
    if (!SAFE_METHODS.has(method) && csrfToken) headers.set(CSRF_HEADER, csrfToken);

    let response: Response;
    try {
      response = await doFetch(url, { method, headers, body, credentials: 'include', signal: opts.signal });
    } catch (err) {
      // Cancellation is not a failure: let TanStack Query see the AbortError as-is.
      if (opts.signal?.aborted) throw err;
      throw new ApiError(0, NETWORK_ERROR, err instanceof Error ? err.message : String(err));
    }
    const token = response.headers.get(CSRF_HEADER);
    if (token) csrfToken = token;
    return response;
  }

  async function requestWithResponse<T>(path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    const method = opts.method ?? 'GET';
    const url = buildUrl(path, opts.query);
    const sentToken = csrfToken;
    let response = await send(url, method, opts);
    // A first unsafe request (e.g. right after a reload) has no token yet; Harbor's 403 carries a new one,
    // so retry once with it — the same recovery Harbor's own UI performs.
    if (response.status === 403 && !SAFE_METHODS.has(method) && csrfToken && csrfToken !== sentToken) {
      response = await send(url, method, opts);
    }
    if (!response.ok) {
      throw parseErrorBody(response.status, response.statusText, await response.text());
    }
    return { data: (await readBody(response)) as T, headers: response.headers, status: response.status };
  }

  async function request<T>(path: string, opts?: RequestOptions): Promise<T> {
    return (await requestWithResponse<T>(path, opts)).data;
  }

  const api = (path: string) => `${API_BASE}${path}`;

  return {
    /** Any same-origin path, e.g. Harbor's `/c/login`. */
    request,
    requestWithResponse,
    /** Paths below are relative to /api/v2.0. */
    get: <T>(path: string, opts?: Omit<RequestOptions, 'method'>) => request<T>(api(path), opts),
    post: <T = void>(path: string, json?: unknown, opts?: Omit<RequestOptions, 'method' | 'json'>) =>
      request<T>(api(path), { ...opts, method: 'POST', json }),
    put: <T = void>(path: string, json?: unknown, opts?: Omit<RequestOptions, 'method' | 'json'>) =>
      request<T>(api(path), { ...opts, method: 'PUT', json }),
    patch: <T = void>(path: string, json?: unknown, opts?: Omit<RequestOptions, 'method' | 'json'>) =>
      request<T>(api(path), { ...opts, method: 'PATCH', json }),
    delete: <T = void>(path: string, opts?: Omit<RequestOptions, 'method'>) =>
      request<T>(api(path), { ...opts, method: 'DELETE' }),
    /** GET a paginated list (page/page_size in `query`). */
    async list<T>(path: string, opts?: Omit<RequestOptions, 'method'>): Promise<ListPage<T>> {
      const { data, headers } = await requestWithResponse<T[] | undefined>(api(path), opts);
      const items = data ?? [];
      const total = Number(headers.get('X-Total-Count') ?? items.length);
      return { items, total: Number.isFinite(total) ? total : items.length };
    },
    /** For tests and diagnostics. */
    getCsrfToken: () => csrfToken,
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The app-wide client; the CSRF token is shared by all features through it. */
export const apiClient = createApiClient();
