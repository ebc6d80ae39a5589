/** One entry of Harbor's error body: `{"errors":[{"code":"NOT_FOUND","message":"..."}]}`. */
export interface HarborErrorItem {
  code: string;
  message: string;
}

/** Code used when the request never got an HTTP answer (offline, DNS, CORS, proxy down). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

// Harbor answers some endpoints (e.g. /c/login) with plain text, so the code is derived from the status.
const codeByStatus: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'PRECONDITION',
  500: 'INTERNAL_SERVER_ERROR',
};

export function codeForStatus(status: number): string {
  return codeByStatus[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'UNKNOWN');
}

/** A failed request: HTTP status (0 for network failures), Harbor's error code and the server's message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: readonly HarborErrorItem[] = [],
  ) {
    super(message);
  }
}

function isErrorItem(value: unknown): value is HarborErrorItem {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Record<string, unknown>;
  return typeof item.code === 'string' && typeof item.message === 'string';
}

/** Build an ApiError from a failed response's status and raw body text (JSON or not). */
export function parseErrorBody(status: number, statusText: string, body: string): ApiError {
  let items: HarborErrorItem[] = [];
  try {
    const parsed: unknown = JSON.parse(body);
    const errors = (parsed as { errors?: unknown } | null)?.errors;
    if (Array.isArray(errors)) items = errors.filter(isErrorItem);
  } catch {
    // Not JSON: keep the text itself as the message below.
  }
  const first = items[0];
  if (first) return new ApiError(status, first.code, first.message, items);
  const text = body.trim();
  return new ApiError(status, codeForStatus(status), text || statusText || `HTTP ${status}`);
}
