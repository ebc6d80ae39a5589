import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { JobserviceConfig } from '@harbor-ts/config';
import { JobProducer } from '@harbor-ts/jobs';
import { LOGGER, redisConnection, SERVICE_CONFIG } from '@harbor-ts/runtime';
import { DemoHandler } from '../jobs/demo/demo.handler.js';
import { ExecutionSweepHandler } from '../jobs/execution-sweep/execution-sweep.handler.js';
import { GarbageCollectionModule } from '../jobs/garbage-collection/garbage-collection.module.js';
import { ImageScanHandler } from '../jobs/image-scan/image-scan.handler.js';
import { JobHandlers } from '../jobs/job-handlers.js';
import { PurgeAuditModule } from '../jobs/purge-audit/purge-audit.module.js';
import { ReplicationHandler } from '../jobs/replication/replication.handler.js';
import { RetentionHandler } from '../jobs/retention/retention.handler.js';
import { ScanAllHandler } from '../jobs/scan-all/scan-all.handler.js';
import { SlackHandler, WebhookHandler } from '../jobs/webhook/webhook.handler.js';
import { SchedulerService } from '../scheduler/scheduler.service.js';
import { JobOutcomesModule } from './job-outcomes.module.js';
import { JobRunner } from './job-runner.js';
import { DEFAULT_RUNNER_TIMINGS, RUNNER_TIMINGS } from './runner-timings.js';
import { TaskRecovery } from './task-recovery.js';

/** The workers, their handlers, recovery and the scheduler. */
@Module({
  imports: [GarbageCollectionModule, PurgeAuditModule, JobOutcomesModule],
  providers: [
    {
      provide: JobProducer,
      inject: [SERVICE_CONFIG, LOGGER],
      useFactory: (config: JobserviceConfig, logger: Logger) =>
        new JobProducer(redisConnection(config.redis, logger, 'job producer'), config.redis.keyPrefix),
    },
    {
      provide: RUNNER_TIMINGS,
      inject: [SERVICE_CONFIG],
      useFactory: (config: JobserviceConfig) => config.taskTimings ?? DEFAULT_RUNNER_TIMINGS,
    },
    DemoHandler,
    ExecutionSweepHandler,
    ImageScanHandler,
    ScanAllHandler,
    WebhookHandler,
    SlackHandler,
    RetentionHandler,
    ReplicationHandler,
    JobHandlers,
    JobRunner,
    TaskRecovery,
    SchedulerService,
  ],
  exports: [JobRunner, JobProducer],
})
export class RunnerModule implements OnApplicationShutdown {
  constructor(@Inject(JobProducer) private readonly producer: JobProducer) {}

  async onApplicationShutdown() {
    await this.producer.close();
  }
}
