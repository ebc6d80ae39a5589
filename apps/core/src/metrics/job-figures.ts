import type { DataSource } from 'typeorm';
import { readBusySlots, readPools, type JobQueueAdmin } from '@harbor-ts/jobs';
import type { Redis } from 'ioredis';

/** Harbor's job service collector: queue sizes and latency per job type, busy workers, schedules. */
export interface JobFigures {
  queues: { type: string; size: number; latencySeconds: number }[];
  /** Running jobs per job type and worker pool. */
  concurrency: { type: string; pool: string; running: number }[];
  scheduled: number;
}

/** Reads the queues where they are (jobservice's Redis) and the schedules from Postgres. */
export async function readJobFigures(
  dataSource: DataSource,
  redis: { connection: Redis; keyPrefix: string; queues: JobQueueAdmin },
): Promise<JobFigures> {
  const [states, pools, [scheduled]] = await Promise.all([
    redis.queues.states(),
    readPools(redis.connection, redis.keyPrefix),
    dataSource.query<{ total: number }[]>('SELECT count(*)::int AS total FROM schedule'),
  ]);
  const running = new Map<string, { type: string; pool: string; running: number }>();
  for (const pool of pools) {
    const busy = await readBusySlots(redis.connection, redis.keyPrefix, pool.pool_id);
    for (const job of busy.values()) {
      const key = `${job.job_name}\u0000${pool.pool_id}`;
      const entry = running.get(key) ?? { type: job.job_name, pool: pool.pool_id, running: 0 };
      entry.running += 1;
      running.set(key, entry);
    }
  }
  return {
    queues: states.map((state) => ({
      type: state.job_type,
      size: state.count,
      latencySeconds: state.latency,
    })),
    concurrency: [...running.values()],
    scheduled: scheduled?.total ?? 0,
  };
}
