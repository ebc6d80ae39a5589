import type { Redis } from 'ioredis';
import { jobKeys, type PoolInfo, type WorkerSlot } from './queues.js';

/**
 * The Redis layout of the worker pools, written by jobservice and read by core's job service API:
 * - `jobKeys.poolsIndex`: a set of pool ids (jobservice drops ids whose hash expired);
 * - `jobKeys.pool`: a hash with the fields of `PoolInfo`, expiring `POOL_TTL_SECONDS` after its last refresh;
 * - `jobKeys.poolWorkers`: a hash slot number → JSON `WorkerSlot`, for the busy slots only.
 * A pool id left in the index after its hash expired is a jobservice that died: it is not shown.
 */
export async function readPools(redis: Redis, keyPrefix: string): Promise<PoolInfo[]> {
  const ids = (await redis.smembers(jobKeys.poolsIndex(keyPrefix))).sort();
  const pools = await Promise.all(ids.map((id) => readPool(redis, keyPrefix, id)));
  return pools.filter((pool): pool is PoolInfo => pool !== undefined);
}

export async function readPool(
  redis: Redis,
  keyPrefix: string,
  poolId: string,
): Promise<PoolInfo | undefined> {
  const hash = await redis.hgetall(jobKeys.pool(keyPrefix, poolId));
  if (!hash.pool_id) return undefined;
  return {
    pool_id: hash.pool_id,
    pid: Number(hash.pid ?? 0),
    host: hash.host ?? '',
    concurrency: Number(hash.concurrency ?? 0),
    start_at: hash.start_at ?? '',
    heartbeat_at: hash.heartbeat_at ?? '',
  };
}

/** The busy slots of a pool, by slot number; a slot whose value is not a `WorkerSlot` is skipped. */
export async function readBusySlots(
  redis: Redis,
  keyPrefix: string,
  poolId: string,
): Promise<Map<number, WorkerSlot>> {
  const hash = await redis.hgetall(jobKeys.poolWorkers(keyPrefix, poolId));
  const slots = new Map<number, WorkerSlot>();
  for (const [slot, json] of Object.entries(hash)) {
    const value = parseSlot(json);
    if (value && /^\d+$/.test(slot)) slots.set(Number(slot), value);
  }
  return slots;
}

function parseSlot(json: string): WorkerSlot | undefined {
  try {
    const value = JSON.parse(json) as Partial<WorkerSlot>;
    if (typeof value.job_id !== 'string' || typeof value.job_name !== 'string') return undefined;
    return {
      job_id: value.job_id,
      job_name: value.job_name,
      task_id: Number(value.task_id),
      start_at: String(value.start_at ?? ''),
    };
  } catch {
    return undefined;
  }
}
