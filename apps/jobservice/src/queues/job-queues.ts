import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobserviceConfig } from '@harbor-ts/config';
import { bullPrefix, JOB_QUEUES, type JobQueueName } from '@harbor-ts/jobs';
import { redisOptions } from '@harbor-ts/runtime/redis';

export interface QueueStats {
  name: JobQueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** The BullMQ queues jobservice serves, sharing one Redis connection. */
export class JobQueues {
  private readonly connection: Redis;
  private readonly queues: Queue[];

  constructor(config: JobserviceConfig) {
    this.connection = new Redis(redisOptions(config.redis));
    const prefix = bullPrefix(config.redis.keyPrefix);
    this.queues = JOB_QUEUES.map((name) => new Queue(name, { connection: this.connection, prefix }));
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  stats(): Promise<QueueStats[]> {
    return Promise.all(
      this.queues.map(async (queue) => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        return {
          name: queue.name as JobQueueName,
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          completed: counts.completed ?? 0,
        };
      }),
    );
  }

  async close() {
    await Promise.all(this.queues.map((queue) => queue.close()));
    await this.connection.quit().catch(() => undefined);
  }
}
