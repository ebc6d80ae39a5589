import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import type { JobserviceConfig } from '@harbor-ts/config';
import { HarborSecretGuard, SERVICE_CONFIG } from '@harbor-ts/runtime';
import { JobQueues } from '../queues/job-queues.js';


@Controller('api/v1/stats')
@UseGuards(HarborSecretGuard)
export class StatsController {
  constructor(
    private readonly queues: JobQueues,
    @Inject(SERVICE_CONFIG) private readonly config: JobserviceConfig,
  ) {}

  /** Shaped like Harbor jobservice's stats: one worker pool with its concurrency, plus queue depths. */
  @Get()
  async stats() {
    return {
      worker_pools: [
        { worker_pool_id: 'harbor-ts', status: 'Healthy', concurrency: this.config.maxJobWorkers, host: 'jobservice' },
      ],
      queues: await this.queues.stats(),
    };
  }
}
