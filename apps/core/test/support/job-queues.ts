import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { CoreConfig } from '@harbor-ts/config';
import { bullPrefix, type JobQueueName } from '@harbor-ts/jobs';
import { redisOptions } from '@harbor-ts/runtime';

/**
 * Jobservice's side of Redis as a test sees it: BullMQ queues under core's `jobQueues` prefix, and a
 * plain connection (pool keys, pub/sub). What core put there is read back as jobservice would.
 */
export class JobRedis {
  readonly connection: Redis;
  private readonly queues = new Map<JobQueueName, Queue>();

  constructor(private readonly config: CoreConfig) {
    this.connection = new Redis(redisOptions(config.jobQueues));
  }

  get keyPrefix(): string {
    return this.config.jobQueues.keyPrefix;
  }

  queue(name: JobQueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: bullPrefix(this.keyPrefix) });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Collects the messages published on a channel from now on. */
  async listen(channel: string): Promise<{ messages: string[]; close(): void }> {
    const subscriber = new Redis(redisOptions(this.config.jobQueues));
    const messages: string[] = [];
    subscriber.on('message', (from: string, message: string) => {
      if (from === channel) messages.push(message);
    });
    await subscriber.subscribe(channel);
    return { messages, close: () => subscriber.disconnect() };
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.connection.disconnect();
  }
}
