import type { RedisOptions } from 'ioredis';
import type { RedisConfig } from '@harbor-ts/config';

/** ioredis options for a service's Redis: a Unix socket (native) or host/port. */
export function redisOptions(config: RedisConfig): RedisOptions {
  const where = config.path ? { path: config.path } : { host: config.host ?? '127.0.0.1', port: config.port ?? 6379 };
  return {
    ...where,
    username: config.username || undefined,
    password: config.password || undefined,
    db: config.db,
    // BullMQ requires this; plain commands keep retrying while Redis restarts.
    maxRetriesPerRequest: null,
    lazyConnect: false,
  };
}
