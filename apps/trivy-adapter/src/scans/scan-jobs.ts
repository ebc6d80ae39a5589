import { randomUUID } from 'node:crypto';

type ScanState =
  | { status: 'queued' | 'running' }
  | { status: 'done'; report: unknown }
  | { status: 'failed'; message: string };

/** A finished scan's answer is kept this long for the poller, then forgotten. */
const KEEP_FINISHED_MS = 60 * 60 * 1000;

/**
 * Scans in memory, as Harbor's adapters keep them in Redis for their poller: at most `concurrency`
 * run at once, the rest wait in order. A restart loses unfinished scans; core's poll then gets 404
 * and the scan task ends as Error, never Running forever.
 */
export class ScanJobs {
  private readonly states = new Map<string, ScanState & { finishedAt?: number }>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;

  constructor(
    private readonly concurrency: number,
    private readonly timeoutMs: number,
  ) {}

  /** Starts `work` when a slot is free; returns the scan id at once. */
  submit(work: (signal: AbortSignal) => Promise<unknown>): string {
    this.forgetOld();
    const id = randomUUID();
    this.states.set(id, { status: 'queued' });
    const start = () => {
      this.running++;
      this.states.set(id, { status: 'running' });
      const signal = AbortSignal.timeout(this.timeoutMs);
      work(signal)
        .then(
          (report) => this.states.set(id, { status: 'done', report, finishedAt: Date.now() }),
          (error: unknown) =>
            this.states.set(id, {
              status: 'failed',
              message: signal.aborted
                ? `the scan took longer than ${this.timeoutMs / 1000} s`
                : errorMessage(error),
              finishedAt: Date.now(),
            }),
        )
        .finally(() => {
          this.running--;
          this.waiting.shift()?.();
        });
    };
    if (this.running < this.concurrency) start();
    else this.waiting.push(start);
    return id;
  }

  get(id: string): ScanState | undefined {
    return this.states.get(id);
  }

  private forgetOld(): void {
    const before = Date.now() - KEEP_FINISHED_MS;
    for (const [id, state] of this.states)
      if (state.finishedAt && state.finishedAt < before) this.states.delete(id);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
