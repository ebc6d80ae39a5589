import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import { ADMIN_QUEUES, isAdminQueue, type AdminQueueName, type QueueState } from '@harbor-ts/jobs';
import { JobserviceRedis } from './jobservice-redis.js';

const ACTIONS = ['stop', 'pause', 'resume'] as const;
type QueueAction = (typeof ACTIONS)[number];

/** The job queues of the job service dashboard: counts and latency, stop/pause/resume, the scheduler's pause. */
@Injectable()
export class JobQueuesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: JobserviceRedis,
  ) {}

  list(): Promise<QueueState[]> {
    return this.redis.queues.states();
  }

  /** Harbor's actionPendingJobs: the job type is case-insensitive and `all` means every queue. */
  async act(jobType: string, body: unknown): Promise<void> {
    const action =
      typeof body === 'object' && body !== null ? (body as { action?: unknown }).action : undefined;
    const name = typeof action === 'string' ? action.toLowerCase() : '';
    if (!(ACTIONS as readonly string[]).includes(name))
      throw HarborError.badRequest('the action is not supported');
    for (const queue of this.queuesOf(jobType)) await this.apply(queue, name as QueueAction);
  }

  /** Harbor's getSchedulePaused: only `all` is accepted; paused when the scheduler's queue is. */
  async schedulerPaused(jobType: string): Promise<{ paused: boolean }> {
    if (jobType.toLowerCase() !== 'all') throw HarborError.badRequest("job_type can only be 'all'");
    return { paused: await this.redis.queues.isPaused('SCHEDULER') };
  }

  private queuesOf(jobType: string): readonly AdminQueueName[] {
    const upper = jobType.toUpperCase();
    if (upper === 'ALL') return ADMIN_QUEUES;
    if (!isAdminQueue(upper)) throw HarborError.notFound(`job queue ${jobType} not found`);
    return [upper];
  }

  private async apply(queue: AdminQueueName, action: QueueAction): Promise<void> {
    const admin = this.redis.queues;
    if (action === 'pause') await admin.pause(queue);
    else if (action === 'resume') await admin.resume(queue);
    else await admin.stopWaiting(this.dataSource, queue);
  }
}
