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
    const now = Date.now();
    await this.redis
      .multi()
      .set(poolKey, JSON.stringify(info), 'EX', POOL_TTL_SECONDS)
      .expire(workersKey, POOL_TTL_SECONDS)
      // The index is a sorted set scored by last refresh, so readers can drop pools that died.
      .zadd(index, now, this.id)
      .zremrangebyscore(index, 0, now - POOL_TTL_SECONDS * 1000)
      .exec();
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
      .zrem(jobKeys.poolsIndex(this.keyPrefix), this.id)
      .exec();
  }
}
