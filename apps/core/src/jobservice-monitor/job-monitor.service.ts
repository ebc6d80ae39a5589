import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { getTaskByJobId, readTaskLog } from '@harbor-ts/db';
import { HarborError } from '@harbor-ts/errors';
import { JobProducer, readBusySlots, readPool, readPools, type PoolInfo } from '@harbor-ts/jobs';
import { JobserviceRedis } from './jobservice-redis.js';

/** Harbor's WorkerPool. */
export interface WorkerPoolView {
  pid: number;
  worker_pool_id: string;
  start_at: string;
  heartbeat_at: string;
  concurrency: number;
  host: string;
}

/** Harbor's Worker: an idle one has only its ids. */
export interface WorkerView {
  id: string;
  pool_id: string;
  job_name?: string;
  job_id?: string;
  start_at?: string;
}

/** `all` stands for every pool, or every running job, as in Harbor. */
const ALL = 'all';

/** Worker pools and workers as jobservice registers them in Redis; stop and log of one job. */
@Injectable()
export class JobMonitorService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
    private readonly redis: JobserviceRedis,
  ) {}

  async pools(): Promise<WorkerPoolView[]> {
    const pools = await readPools(this.redis.connection, this.redis.keyPrefix);
    return pools.map((pool) => ({
      pid: pool.pid,
      worker_pool_id: pool.pool_id,
      start_at: pool.start_at,
      heartbeat_at: pool.heartbeat_at,
      concurrency: pool.concurrency,
      host: pool.host,
    }));
  }

  /** One worker per slot of the pool (0 … concurrency-1), the busy ones with the job they run. */
  async workers(poolId: string): Promise<WorkerView[]> {
    const { connection, keyPrefix } = this.redis;
    let pools: PoolInfo[];
    if (poolId.toLowerCase() === ALL) pools = await readPools(connection, keyPrefix);
    else {
      const pool = await readPool(connection, keyPrefix, poolId);
      if (!pool) throw HarborError.notFound(`worker pool ${poolId} not found`);
      pools = [pool];
    }
    const workers = await Promise.all(pools.map((pool) => this.workersOf(pool)));
    return workers.flat();
  }

  /** Stops the execution of the task a job id belongs to; `all` stops every running job. */
  async stopJob(jobId: string): Promise<void> {
    const jobIds =
      jobId.toLowerCase() === ALL
        ? (await this.workers(ALL)).flatMap((worker) => (worker.job_id ? [worker.job_id] : []))
        : [jobId];
    for (const id of jobIds) {
      const task = await getTaskByJobId(this.dataSource, id);
      // As Harbor: a job that is not found has most likely just finished; nothing to stop.
      if (task) await this.producer.stop(this.dataSource, task.execution_id);
    }
  }

  async jobLog(jobId: string): Promise<string> {
    const task = await getTaskByJobId(this.dataSource, jobId);
    if (!task) throw HarborError.notFound(`job ${jobId} not found`);
    return (await readTaskLog(this.dataSource, task.id)) ?? '';
  }

  private async workersOf(pool: PoolInfo): Promise<WorkerView[]> {
    const busy = await readBusySlots(this.redis.connection, this.redis.keyPrefix, pool.pool_id);
    const slots = new Set([...Array.from({ length: pool.concurrency }, (_, i) => i), ...busy.keys()]);
    return [...slots]
      .sort((a, b) => a - b)
      .map((slot) => {
        const job = busy.get(slot);
        const worker: WorkerView = { id: `${pool.pool_id}-${slot}`, pool_id: pool.pool_id };
        return job
          ? { ...worker, job_name: job.job_name, job_id: job.job_id, start_at: job.start_at }
          : worker;
      });
  }
}
