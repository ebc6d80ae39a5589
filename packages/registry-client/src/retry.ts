/** A failure a registry call may be retried after: the network, a 5xx, or 429 (with its `Retry-After`). */
export class RegistryError extends Error {
  override name = 'RegistryError';

  constructor(
    message: string,
    readonly status?: number,
    /** Seconds the remote asked to wait (`Retry-After`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
}

export interface RetryOptions {
  /** Total tries, 1 = no retry. */
  attempts: number;
  /** First wait; doubled each time, capped at 30 s. */
  backoffMs: number;
  signal?: AbortSignal;
  /** Told about every failure that will be retried (the task log says so). */
  onRetry?: (error: Error, attempt: number, waitMs: number) => void;
}

const MAX_BACKOFF_MS = 30_000;

/** Network errors (undici's and Node's) are retryable; a stop or a 4xx is not. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof RegistryError) return error.retryable;
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError') return false;
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('UND_ERR') || code.startsWith('E') || error.message.includes('other side closed');
}

/** Runs `attempt` until it succeeds, fails for good, or the tries are used up; waits with backoff between. */
export async function withRetries<T>(options: RetryOptions, attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= options.attempts || !isRetryable(error) || options.signal?.aborted) throw error;
      const asked = error instanceof RegistryError ? error.retryAfterSeconds : undefined;
      const wait =
        asked !== undefined
          ? Math.min(asked * 1000, MAX_BACKOFF_MS)
          : Math.min(options.backoffMs * 2 ** (n - 1), MAX_BACKOFF_MS);
      options.onRetry?.(error as Error, n, wait);
      await sleep(wait, options.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** `Retry-After` as seconds (a number, or an HTTP date), undefined when absent or unreadable. */
export function retryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
