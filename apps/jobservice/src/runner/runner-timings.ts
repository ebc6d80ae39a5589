/** How often the runner proves its tasks alive, and when a silent task counts as dead. */
export interface RunnerTimings {
  heartbeatMs: number;
  /** A Running task without a heartbeat for this long ends as Error. */
  deadAfterMs: number;
  /** How often dead tasks are reaped, lost enqueues re-queued and schedules reconciled. */
  recoverEveryMs: number;
  /** A Pending task this old is re-queued in case its enqueue was lost (a no-op when it is queued). */
  requeueAfterMs: number;
}

export const DEFAULT_RUNNER_TIMINGS: RunnerTimings = {
  heartbeatMs: 5_000,
  deadAfterMs: 30_000,
  // Much longer than the pool's 1 s idle timeout, so an idle jobservice holds no Postgres backend for
  // most of the time; a killed task still ends within deadAfterMs + recoverEveryMs (a minute).
  recoverEveryMs: 30_000,
  requeueAfterMs: 30_000,
};
