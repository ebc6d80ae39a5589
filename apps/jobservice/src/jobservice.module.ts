import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { JobserviceConfig } from '@harbor-ts/config';
import { dataSourceOptions } from '@harbor-ts/db';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { JobQueues } from './queues/job-queues.js';
import { RunnerModule } from './runner/runner.module.js';
import { HealthController } from './stats/health.controller.js';
import { StatsController } from './stats/stats.controller.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [SERVICE_CONFIG],
      // Core owns the schema and migrates it; jobservice only reads and writes rows.
      useFactory: (config: JobserviceConfig) => dataSourceOptions(config.database, { runMigrations: false }),
    }),
    RunnerModule,
  ],
  controllers: [HealthController, StatsController],
  providers: [JobQueues],
})
export class JobserviceModule {}
