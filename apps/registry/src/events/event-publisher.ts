import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RegistryConfig } from '@harbor-ts/config';
import { encodeBlobCommitted, type BlobCommitted } from '@harbor-ts/events';

export type CommitEvent = Omit<BlobCommitted, 'at'>;

/** Tells core what was committed, on a Redis stream; best effort, a push never fails because of it. */
export class EventPublisher {
  private readonly redis: Redis;
  private readonly stream: string;

  constructor(
    config: RegistryConfig,
    private readonly logger: Logger,
  ) {
    const { host, port, path, db, username, password, keyPrefix, eventStream } = config.redis;
    this.stream = eventStream;
    this.redis = new Redis({
      ...(path ? { path } : { host: host ?? '127.0.0.1', port: port ?? 6379 }),
      db,
      username,
      password,
      keyPrefix,
      lazyConnect: true,
      // Commands queued while Redis is away fail after a few retries instead of piling up in memory.
      maxRetriesPerRequest: 3,
    });
    this.redis.on('error', (error: Error) => this.logger.warn({ err: error }, 'redis unavailable'));
  }

  publish(event: CommitEvent): void {
    const fields = encodeBlobCommitted({ ...event, at: new Date().toISOString() });
    this.redis.xadd(this.stream, 'MAXLEN', '~', '100000', '*', ...fields).catch((error: unknown) => {
      this.logger.warn({ err: error, event }, 'commit event not published');
    });
  }

  close(): void {
    this.redis.disconnect();
  }
}
