import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { CoreConfig } from '@harbor-ts/config';
import { JobQueueAdmin } from '@harbor-ts/jobs';
import { redisOptions, SERVICE_CONFIG } from '@harbor-ts/runtime';

/**
 * Core's view of jobservice's Redis for the job service API: the worker pools jobservice registers
 * there and the queue administration. Its own connection, as the producer has its own.
 */
@Injectable()
export class JobserviceRedis implements OnApplicationShutdown {
  readonly connection: Redis;
  readonly keyPrefix: string;
  readonly queues: JobQueueAdmin;

  constructor(@Inject(SERVICE_CONFIG) config: CoreConfig) {
    this.connection = new Redis(redisOptions(config.jobQueues));
    this.keyPrefix = config.jobQueues.keyPrefix;
    this.queues = new JobQueueAdmin(this.connection, this.keyPrefix);
  }

  async onApplicationShutdown() {
    await this.queues.close();
    await this.connection.quit().catch(() => undefined);
  }
}
