// The entry @harbor-ts/runtime/redis: Redis connections for services that use Redis. Kept out of
// the http entry so that the services that do not (registryctl, trivy-adapter) never load ioredis.
export { redisConnection } from './redis-connection.js';
export { redisOptions } from './redis-options.js';
