import { Redis } from 'ioredis';
import type { RedisConfig } from '@harbor-ts/config';
import { TEST_REDIS_URL, uniqueName } from './test-env.js';

/** Redis settings with a key prefix of this test's own, so parallel runs never see each other. */
export function testRedisConfig(prefix = 'harbor-test'): RedisConfig {
  const url = new URL(TEST_REDIS_URL);
  const socket = url.protocol === 'unix:' ? url.pathname : undefined;
  return {
    ...(socket ? { path: socket } : { host: url.hostname, port: Number(url.port || 6379) }),
    db: 0,
    keyPrefix: `${uniqueName(prefix)}:`,
  };
}

/** Deletes every key under the config's prefix; call in afterAll. */
export async function flushTestRedis(config: RedisConfig): Promise<void> {
  const redis = new Redis(config.path ? { path: config.path } : { host: config.host, port: config.port });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.keyPrefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
