import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { reapDeadTasks, stalePendingTasks, touchTasks } from '@harbor-ts/db';
import type { JobProducer } from '@harbor-ts/jobs';
import { isJobType, type JobType } from '@harbor-ts/jobs';
import type { JobOutcomes } from './job-outcomes.js';
import type { RunnerTimings } from './runner-timings.js';

/**
 * Keeps Postgres and the queues honest: tasks whose worker died end as Error with the reason, and
 * Pending tasks whose enqueue was lost (Redis restarted empty, a crash between commit and enqueue) are
 * queued again. Runs on a timer and inside EXECUTION_SWEEP.
 */
export class TaskRecovery {
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly timings: RunnerTimings,
    private readonly producer: JobProducer,
    private readonly outcomes: JobOutcomes,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.pass ??= this.recover()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'task recovery failed'))
        .then(() => undefined)
        .finally(() => (this.pass = undefined));
    }, this.timings.recoverEveryMs);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
  }

  /** Returns how many tasks were reaped and re-queued. */
  async recover(): Promise<{ reaped: number; requeued: number }> {
    const reaped = await reapDeadTasks(this.dataSource, this.timings.deadAfterMs);
    if (reaped.length > 0) {
      this.logger.warn({ tasks: reaped }, 'tasks without a heartbeat ended as Error');
      await this.announce(reaped);
    }
    const stale = await stalePendingTasks(this.dataSource, this.timings.requeueAfterMs);
    const byType = new Map<JobType, number[]>();
    for (const task of stale) {
      if (!isJobType(task.vendor_type)) continue;
      byType.set(task.vendor_type, [...(byType.get(task.vendor_type) ?? []), task.id]);
    }
    // Adding a task that is still queued is a no-op (its job id is the task's), so this never doubles work.
    for (const [type, ids] of byType) await this.producer.enqueue(type, ids);
    await touchTasks(
      this.dataSource,
      stale.map((t) => t.id),
    );
    return { reaped: reaped.length, requeued: stale.length };
  }

  /** A reaped task ended as Error like any other: core's event point hears of it (a scan fails). */
  private async announce(taskIds: number[]): Promise<void> {
    const tasks = (await this.dataSource.query(
      'SELECT id, execution_id, vendor_type FROM task WHERE id = ANY($1::int[])',
      [taskIds],
    )) as { id: number; execution_id: number; vendor_type: string }[];
    for (const task of tasks)
      await this.outcomes.taskFinished(
        { vendorType: task.vendor_type, executionId: task.execution_id, taskId: task.id },
        'Error',
      );
  }
}
