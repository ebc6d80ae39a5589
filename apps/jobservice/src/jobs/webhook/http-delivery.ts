import { Agent, fetch } from 'undici';
import { assertOutboundUrl, OutboundUrlError } from '@harbor-ts/outbound';
import { throwIfStopped } from '../../runner/job-handler.js';
import type { TaskLog } from '../../runner/task-log.js';

/** Harbor's defaults for harbor.yml's `notification` block. */
export const DEFAULT_MAX_RETRY = 3;
export const DEFAULT_TIMEOUT_SECONDS = 3;
/** Wait before the second attempt, doubled for each next one, never above the cap. */
const BACKOFF_MS = 1000;
const BACKOFF_CAP_MS = 60_000;
/** What of an error answer's body goes to the task log. */
const BODY_IN_LOG = 512;

/** TLS verification is off only for targets that asked for it (`skip_cert_verify`). */
const insecure = new Agent({ connect: { rejectUnauthorized: false } });
const secure = new Agent();

export interface Delivery {
  address: string;
  body: string;
  headers: Record<string, string>;
  skipCertVerify: boolean;
}

export interface DeliveryOptions {
  /** Attempts in all (harbor.yml `webhook_job_max_retry`; 0 still makes one). */
  attempts: number;
  timeoutMs: number;
  signal: AbortSignal;
  log: TaskLog;
  /** For tests: the wait before retry `n` (1-based). */
  backoffMs?: (retry: number) => number;
}

export function backoffMs(retry: number): number {
  return Math.min(BACKOFF_MS * 2 ** (retry - 1), BACKOFF_CAP_MS);
}

/**
 * POSTs a webhook until an attempt is answered 2xx: a network error, a timeout or any other status
 * fails the attempt. The address is checked again before every call (a name may have been pointed
 * at a forbidden address since the policy was saved); redirects are not followed. Throws after the
 * last failed attempt.
 */
export async function deliver(delivery: Delivery, options: DeliveryOptions): Promise<void> {
  const attempts = Math.max(1, options.attempts);
  const { log, signal } = options;
  for (let attempt = 1; ; attempt++) {
    throwIfStopped(signal);
    try {
      await post(delivery, options, attempt, attempts);
      return;
    } catch (error) {
      throwIfStopped(signal);
      const message = error instanceof Error ? error.message : String(error);
      // A forbidden address stays forbidden: no point in asking again.
      if (attempt >= attempts || error instanceof OutboundUrlError) throw new Error(message);
      const wait = (options.backoffMs ?? backoffMs)(attempt);
      log.warn(`attempt ${attempt} of ${attempts} failed: ${message}; retrying in ${wait} ms`);
      await sleep(wait, signal);
    }
  }
}

async function post(delivery: Delivery, options: DeliveryOptions, attempt: number, attempts: number) {
  const url = await assertOutboundUrl(delivery.address, { what: 'webhook address' });
  options.log.info(
    `attempt ${attempt} of ${attempts}: POST ${url.href} (${delivery.headers['Content-Type']}), body: ${delivery.body}`,
  );
  const started = Date.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
    redirect: 'manual',
    dispatcher: delivery.skipCertVerify ? insecure : secure,
    signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
  }).catch((error: unknown) => {
    throw new Error(`error to send request: ${describe(error)}`);
  });
  const text = await response.text().catch(() => '');
  options.log.info(`the endpoint answered ${response.status} in ${Date.now() - started} ms`);
  if (response.status < 200 || response.status >= 300)
    throw new Error(`abnormal response code: ${response.status}, body: ${text.slice(0, BODY_IN_LOG)}`);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer before the timeout';
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
