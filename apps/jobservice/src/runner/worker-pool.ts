import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { jobKeys, POOL_TTL_SECONDS, type PoolInfo, type WorkerSlot } from '@harbor-ts/jobs';

/**
 * This process as a worker pool in Harbor's job service API: its identity, refreshed in Redis with a
 * TTL (a killed process drops out by itself), and which slot runs which job.
 */
export class WorkerPool {
  readonly id = `${hostname()}-${process.pid}-${Date.now().toString(36)}`;
  private readonly startAt = new Date().toISOString();
  private readonly freeSlots: number[];

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly concurrency: number,
  ) {
    this.freeSlots = Array.from({ length: concurrency }, (_, i) => concurrency - 1 - i);
  }

  async refresh(): Promise<void> {
    const info: PoolInfo = {
      pool_id: this.id,
      pid: process.pid,
      host: hostname(),
      concurrency: this.concurrency,
      start_at: this.startAt,
      heartbeat_at: new Date().toISOString(),
    };
    const poolKey = jobKeys.pool(this.keyPrefix, this.id);
    const workersKey = jobKeys.poolWorkers(this.keyPrefix, this.id);
    const index = jobKeys.poolsIndex(this.keyPrefix);
    await this.redis
      .multi()
      .hset(poolKey, { ...info })
      .expire(poolKey, POOL_TTL_SECONDS)
      .expire(workersKey, POOL_TTL_SECONDS)
      .sadd(index, this.id)
      .exec();
    await this.forgetDeadPools(index);
  }

  /** Drops ids whose pool hash expired (a killed jobservice) from the index. */
  private async forgetDeadPools(index: string): Promise<void> {
    for (const id of await this.redis.smembers(index)) {
      if (!(await this.redis.exists(jobKeys.pool(this.keyPrefix, id)))) await this.redis.srem(index, id);
    }
  }

  /** Takes a free slot for a job; the semaphore guarantees one exists. */
  async occupy(slot: Omit<WorkerSlot, 'start_at'>): Promise<number> {
    const index = this.freeSlots.pop() ?? this.concurrency;
    const value: WorkerSlot = { ...slot, start_at: new Date().toISOString() };
    await this.redis.hset(jobKeys.poolWorkers(this.keyPrefix, this.id), String(index), JSON.stringify(value));
    return index;
  }

  async vacate(index: number): Promise<void> {
    this.freeSlots.push(index);
    await this.redis.hdel(jobKeys.poolWorkers(this.keyPrefix, this.id), String(index));
  }

  async unregister(): Promise<void> {
    await this.redis
      .multi()
      .del(jobKeys.pool(this.keyPrefix, this.id), jobKeys.poolWorkers(this.keyPrefix, this.id))
      .srem(jobKeys.poolsIndex(this.keyPrefix), this.id)
      .exec();
  }
}
