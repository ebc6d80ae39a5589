import type { DataSource } from 'typeorm';
import type { JobserviceConfig } from '@harbor-ts/config';
import { HarborError } from '@harbor-ts/errors';
import { harborSecretCheck, type Handler } from '@harbor-ts/runtime/http';
import type { JobQueues } from '../queues/job-queues.js';

/**
 * jobservice's HTTP API: `GET /api/health`, unauthenticated liveness for supervisors (Redis and
 * Postgres answer), and `GET /api/v1/stats` for core (Harbor-Secret), shaped like Harbor
 * jobservice's stats: one worker pool with its concurrency, plus the queues' depths.
 */
export function jobserviceRoutes(
  config: JobserviceConfig,
  dataSource: DataSource,
  queues: JobQueues,
): (method: string, path: string) => Handler | undefined {
  const isInternalCaller = harborSecretCheck(config.secrets);

  const health: Handler = async () => {
    await Promise.all([queues.ping(), dataSource.query('SELECT 1')]);
    return { status: 200, body: { status: 'healthy' } };
  };
  const stats: Handler = async (request) => {
    if (!isInternalCaller(request.headers.authorization))
      throw HarborError.unauthorized('a valid Harbor-Secret is required');
    return {
      status: 200,
      body: {
        worker_pools: [
          {
            worker_pool_id: 'harbor-ts',
            status: 'Healthy',
            concurrency: config.maxJobWorkers,
            host: 'jobservice',
          },
        ],
        queues: await queues.stats(),
      },
    };
  };

  return (method, path) => {
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    if (path === '/api/health') return health;
    if (path === '/api/v1/stats') return stats;
    return undefined;
  };
}
