import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { stopPendingTasks } from '@harbor-ts/db';
import { JOBS, taskPayloadSchema, type JobType } from './catalog.js';
import { bullPrefix, type JobQueueName } from './queues.js';
import { announceStoppedPending, stoppedTasks } from './stopped-announcement.js';

/** The queues the job service API shows and acts on: every job type, and the scheduler's. */
export type AdminQueueName = JobType | 'SCHEDULER';

export const ADMIN_QUEUES: readonly AdminQueueName[] = [
  // Harbor hides its sample job from the dashboard; so do we.
  ...(Object.keys(JOBS) as JobType[]).filter((type) => type !== 'DEMO'),
  'SCHEDULER',
];

/** Harbor's JobQueue: jobs waiting, how long the oldest has waited (seconds), and whether it is paused. */
export interface QueueState {
  job_type: AdminQueueName;
  count: number;
  latency: number;
  paused: boolean;
}

/** Jobs not yet picked up by a worker; `delayed` holds retries waiting for their backoff. */
const WAITING = ['waiting', 'prioritized'] as const;
const REMOVABLE = ['waiting', 'prioritized', 'delayed'] as const;

/**
 * The administrative side of the queues (the job service dashboard): counts, latency, pause, resume
 * and stop of waiting jobs. Kept beside the producer so core never touches BullMQ's workers.
 */
export class JobQueueAdmin {
  private readonly queues = new Map<AdminQueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly keyPrefix: string,
  ) {}

  async states(now = Date.now()): Promise<QueueState[]> {
    return Promise.all(
      ADMIN_QUEUES.map(async (name) => {
        const queue = this.queue(name);
        const [counts, oldest, paused] = await Promise.all([
          queue.getJobCounts(...WAITING),
          queue.getJobs([...WAITING], 0, 0, true),
          queue.isPaused(),
        ]);
        const count = WAITING.reduce((sum, type) => sum + (counts[type] ?? 0), 0);
        const since = oldest[0]?.timestamp;
        const latency = since === undefined ? 0 : Math.max(0, Math.floor((now - since) / 1000));
        return { job_type: name, count, latency, paused };
      }),
    );
  }

  async pause(name: AdminQueueName): Promise<void> {
    await this.queue(name).pause();
  }

  async resume(name: AdminQueueName): Promise<void> {
    await this.queue(name).resume();
  }

  async isPaused(name: AdminQueueName): Promise<boolean> {
    return this.queue(name).isPaused();
  }

  /**
   * Removes the jobs waiting in a queue and marks their tasks Stopped (Harbor's "stop" on a queue), then
   * announces their end to core. A job a worker took meanwhile cannot be removed and runs on (its worker
   * announces it). Returns the tasks stopped.
   */
  async stopWaiting(dataSource: DataSource, name: AdminQueueName): Promise<number[]> {
    const queue = this.queue(name);
    const removed: number[] = [];
    for (const job of await queue.getJobs([...REMOVABLE])) {
      if (!job.id || (await queue.remove(job.id)) !== 1) continue;
      const payload = taskPayloadSchema.safeParse(job.data);
      if (payload.success) removed.push(payload.data.taskId);
    }
    const stopped = await stopPendingTasks(dataSource, removed, 'stopped from the job queue');
    await announceStoppedPending(this.connection, this.keyPrefix, await stoppedTasks(dataSource, stopped));
    return stopped;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  private queue(name: AdminQueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      const queueName: JobQueueName = name === 'SCHEDULER' ? 'SCHEDULER' : JOBS[name].queue;
      queue = new Queue(queueName, { connection: this.connection, prefix: bullPrefix(this.keyPrefix) });
      this.queues.set(name, queue);
    }
    return queue;
  }
}

export function isAdminQueue(value: string): value is AdminQueueName {
  return (ADMIN_QUEUES as readonly string[]).includes(value);
}
