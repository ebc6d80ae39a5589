import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { CoreConfig } from '@harbor-ts/config';
import { JobProducer } from '@harbor-ts/jobs';
import { redisOptions, SERVICE_CONFIG } from '@harbor-ts/runtime';

/**
 * Core's side of the jobs contract: the one producer every feature submits background work through.
 * It has its own connection to jobservice's Redis (BullMQ refuses ioredis key prefixes).
 */
@Global()
@Module({
  providers: [
    {
      provide: JobProducer,
      inject: [SERVICE_CONFIG],
      useFactory: (config: CoreConfig) =>
        new JobProducer(new Redis(redisOptions(config.jobQueues)), config.jobQueues.keyPrefix),
    },
  ],
  exports: [JobProducer],
})
export class JobsModule implements OnApplicationShutdown {
  constructor(@Inject(JobProducer) private readonly producer: JobProducer) {}

  async onApplicationShutdown() {
    await this.producer.close();
  }
}
