import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { JobserviceConfig } from '@harbor-ts/config';
import { dataSourceOptions } from '@harbor-ts/db';
import { JobProducer } from '@harbor-ts/jobs';
import { createJsonServer, harborErrorAnswer, type HttpService } from '@harbor-ts/runtime/http';
import { redisConnection } from '@harbor-ts/runtime/redis';
import { jobserviceRoutes } from './http/jobservice-routes.js';
import { RegistryctlClient } from './jobs/garbage-collection/registryctl-client.js';
import { jobHandlers } from './jobs/job-handlers.js';
import { JobQueues } from './queues/job-queues.js';
import { JobOutcomes } from './runner/job-outcomes.js';
import { JobRunner } from './runner/job-runner.js';
import { DEFAULT_RUNNER_TIMINGS } from './runner/runner-timings.js';
import { TaskRecovery } from './runner/task-recovery.js';
import { SchedulerService } from './scheduler/scheduler.service.js';

const CONNECT_ATTEMPTS = 10;
const CONNECT_RETRY_MS = 3_000;
const JOBSERVICE_IDLE_CONNECTION_MS = 1_000;

/** Postgres may still be starting when jobservice does: retry for ~30 s, as @nestjs/typeorm did. */
async function connect(dataSource: DataSource, logger: Logger): Promise<DataSource> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.initialize();
    } catch (error) {
      if (attempt === CONNECT_ATTEMPTS) throw error;
      logger.warn({ err: error, attempt }, 'database unavailable; retrying');
      await new Promise((resolve) => setTimeout(resolve, CONNECT_RETRY_MS));
    }
  }
}

/**
 * jobservice's parts, wired here and nowhere else: the workers and their handlers, task recovery,
 * the scheduler and a plain node:http server for health and stats. Without NestJS the process
 * idles ~30 MiB smaller (bench/README.md "footprint").
 */
export async function createJobservice(config: JobserviceConfig, logger: Logger): Promise<HttpService> {
  // Core owns the schema and migrates it; jobservice only reads and writes rows. Its connections
  // close after 1 s idle: no request waits on a reconnect here, and an idle instance's periodic
  // recovery pass then holds Postgres backends (~20 MiB each) for a second, not ten.
  const dataSource = await connect(
    new DataSource(
      dataSourceOptions(config.database, {
        runMigrations: false,
        idleTimeoutMs: JOBSERVICE_IDLE_CONNECTION_MS,
      }),
    ),
    logger,
  );
  const timings = config.taskTimings ?? DEFAULT_RUNNER_TIMINGS;
  const producer = new JobProducer(
    redisConnection(config.redis, logger, 'job producer'),
    config.redis.keyPrefix,
  );
  const outcomes = new JobOutcomes(config, logger);
  const queues = new JobQueues(config);
  const registryctl = new RegistryctlClient(config);
  const recovery = new TaskRecovery(dataSource, logger, timings, producer, outcomes);
  const handlers = jobHandlers({ dataSource, config, producer, outcomes, recovery, registryctl });
  const runner = new JobRunner(config, dataSource, logger, timings, handlers, producer, outcomes);
  const scheduler = new SchedulerService(config, dataSource, logger, timings, producer);
  await runner.start();
  recovery.start();
  await scheduler.start();

  const server = createJsonServer(jobserviceRoutes(config, dataSource, queues), harborErrorAnswer(logger));
  return {
    server,
    // Stop taking work first (schedules, recovery, the workers, which abort and wait for running
    // tasks), then close the connections the rest shared. A step that fails does not skip the rest.
    close: async () => {
      const steps: [string, () => unknown][] = [
        ['scheduler', () => scheduler.close()],
        ['task recovery', () => recovery.close()],
        ['job workers', () => runner.close()],
        ['job outcomes', () => outcomes.close()],
        ['registryctl client', () => registryctl.close()],
        ['job producer', () => producer.close()],
        ['job queues', () => queues.close()],
        ['database', () => dataSource.destroy()],
      ];
      for (const [part, stop] of steps) {
        try {
          await stop();
        } catch (error) {
          logger.warn({ err: error }, `${part} did not stop cleanly`);
        }
      }
    },
  };
}
