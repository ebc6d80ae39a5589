import type { ScannerClient } from '@harbor-ts/scanner-client';
import { throwIfStopped, type JobContext } from '../../runner/job-handler.js';

/** Harbor gives a scan 30 minutes; a report not ready by then ends the task as Error. */
const SCAN_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * Polls a scan's report as often as the scanner says (`Refresh-After`) until it is ready, the task is
 * stopped, or the 30 minutes are over. `query` carries an SBOM's `sbom_media_type`.
 */
export async function pollReport(
  { signal, log }: Pick<JobContext<'IMAGE_SCAN'>, 'signal' | 'log'>,
  client: ScannerClient,
  scanId: string,
  mimeType: string,
  query: Record<string, string> = {},
): Promise<unknown> {
  const deadline = Date.now() + SCAN_TIMEOUT_MS;
  for (;;) {
    throwIfStopped(signal);
    const answer = await client.getReport(scanId, mimeType, query);
    if (answer.ready) return answer.report;
    if (Date.now() + answer.retryAfterSeconds * 1000 > deadline)
      throw new Error(`no report after ${SCAN_TIMEOUT_MS / 60_000} minutes`);
    log.info(`report not ready; asking again in ${answer.retryAfterSeconds} s`);
    await pause(answer.retryAfterSeconds * 1000, signal);
  }
}

/** Resolves after `ms`, or at once when the task is stopped. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
