import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { CoreConfig } from '@harbor-ts/config';
import { JobProducer } from '@harbor-ts/jobs';
import { LOGGER, redisConnection, SERVICE_CONFIG } from '@harbor-ts/runtime';

/**
 * Core's side of the jobs contract: the one producer every feature submits background work through.
 * It has its own connection to jobservice's Redis (BullMQ refuses ioredis key prefixes).
 */
@Global()
@Module({
  providers: [
    {
      provide: JobProducer,
      inject: [SERVICE_CONFIG, LOGGER],
      useFactory: (config: CoreConfig, logger: Logger) =>
        new JobProducer(
          redisConnection(config.jobQueues, logger, 'job producer'),
          config.jobQueues.keyPrefix,
        ),
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
