import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConfig } from '@harbor-ts/config';
import { redisOptions } from './redis-options.js';

/**
 * A Redis connection whose errors are logged instead of surfacing as unhandled events. ioredis
 * reconnects by itself; while Redis is away every failed attempt would log, so one line per outage.
 */
export function redisConnection(config: RedisConfig, logger: Logger, purpose: string): Redis {
  const redis = new Redis(redisOptions(config));
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.warn({ err: error, purpose }, 'Redis unavailable; reconnecting');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info({ purpose }, 'Redis reachable again');
    down = false;
  });
  return redis;
}
