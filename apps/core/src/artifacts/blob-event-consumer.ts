import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { decodeBlobCommitted, type BlobCommitted } from '@harbor-ts/events';
import { LOGGER, redisOptions, SERVICE_CONFIG } from '@harbor-ts/runtime';

const GROUP = 'harbor-core';
const BLOCK_MS = 2000;

type StreamEntries = [id: string, fields: string[]][];

/** Upserts a `blob` row for every blob the registry commits; acknowledged only once recorded. */
@Injectable()
export class BlobEventConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly stream: string;
  private running = false;
  private loop?: Promise<void>;

  constructor(
    @Inject(SERVICE_CONFIG) config: CoreConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // A connection of its own: XREADGROUP BLOCK would stall every other command sharing it.
    // The registry's Redis block as prepare wrote it for both; the registry prefixes its stream key.
    const events = config.registryEvents;
    this.redis = new Redis({ ...redisOptions(events), lazyConnect: true });
    this.redis.on('error', (error: Error) =>
      this.logger.debug({ err: error }, 'registry event stream unavailable'),
    );
    this.stream = `${events.keyPrefix}${events.eventStream}`;
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.consume();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.redis.disconnect();
    await this.loop;
  }

  private async consume(): Promise<void> {
    const consumer = `core-${process.pid}`;
    while (this.running) {
      try {
        if (this.redis.status === 'wait') await this.redis.connect();
        await this.redis.xgroup('CREATE', this.stream, GROUP, '0', 'MKSTREAM').catch((error: Error) => {
          if (!error.message.includes('BUSYGROUP')) throw error;
        });
        // Entries delivered before a crash but never acknowledged come first ('0'), then new ones ('>').
        for (const from of ['0', '>']) {
          while (this.running) {
            const reply = (await this.redis.xreadgroup(
              'GROUP',
              GROUP,
              consumer,
              'COUNT',
              100,
              'BLOCK',
              from === '>' ? BLOCK_MS : 1,
              'STREAMS',
              this.stream,
              from,
            )) as [string, StreamEntries][] | null;
            const entries = reply?.[0]?.[1] ?? [];
            if (entries.length > 0) await this.handle(entries);
            if (from === '0' && entries.length === 0) break;
          }
        }
      } catch (error) {
        if (!this.running) return;
        this.logger.warn({ err: error }, 'registry event stream failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, BLOCK_MS));
      }
    }
  }

  private async handle(entries: StreamEntries): Promise<void> {
    for (const [id, fields] of entries) {
      const event = this.decode(id, fields);
      if (event?.type === 'blob') {
        // Idempotent: a redelivered event or a blob already known from a manifest changes nothing.
        await this.dataSource.query(
          `INSERT INTO blob (digest, content_type, size) VALUES ($1, $2, $3)
           ON CONFLICT (digest) DO UPDATE SET size = EXCLUDED.size,
             content_type = CASE WHEN blob.content_type = '' THEN EXCLUDED.content_type ELSE blob.content_type END`,
          [event.digest, event.mediaType, event.size],
        );
      }
      await this.redis.xack(this.stream, GROUP, id);
    }
  }

  /** An entry that is not a commit event is logged and acknowledged: redelivering it would never help. */
  private decode(id: string, fields: string[]): BlobCommitted | undefined {
    try {
      return decodeBlobCommitted(fields);
    } catch (error) {
      this.logger.warn({ err: error, id }, 'registry event stream: malformed entry skipped');
      return undefined;
    }
  }
}
