import { setTimeout as sleep } from 'node:timers/promises';

/** Quiet this long after the last client stream ended: the pull is over, not between two layers. */
const QUIET_MS = 500;
const POLL_MS = 100;

/**
 * Blob streams to clients under way in this process. Filling the cache (the registry hashing and
 * writing what was fetched) waits until they are done, so a pull never shares the machine with it.
 */
export class ClientActivity {
  private active = 0;
  private lastEnded = 0;

  /** Marks a client stream under way; call the returned function once when it ends. */
  begin(): () => void {
    this.active++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.active--;
      this.lastEnded = Date.now();
    };
  }

  /**
   * A stream this process does not see the end of (nginx relaying an upstream blob): counted as under
   * way for `ms` from now.
   */
  lease(ms: number): void {
    setTimeout(this.begin(), ms).unref();
  }

  /** Resolves once no client stream has run for a moment, or after `maxWaitMs` whatever happens. */
  async quiet(maxWaitMs: number): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    while (Date.now() < deadline && (this.active > 0 || Date.now() - this.lastEnded < QUIET_MS))
      await sleep(POLL_MS);
  }
}
