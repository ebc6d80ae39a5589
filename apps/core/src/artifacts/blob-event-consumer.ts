import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { decodeBlobCommitted, type BlobCommitted } from '@harbor-ts/events';
import { LOGGER, SERVICE_CONFIG } from '@harbor-ts/runtime';
import { RedisStreamConsumer } from '../infrastructure/redis-stream-consumer.js';

/** Upserts a `blob` row for every blob the registry commits; acknowledged only once recorded. */
@Injectable()
export class BlobEventConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: RedisStreamConsumer<BlobCommitted>;

  constructor(
    @Inject(SERVICE_CONFIG) config: CoreConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) logger: Logger,
  ) {
    // The registry's Redis block as prepare wrote it for both; the registry prefixes its stream key.
    const events = config.registryEvents;
    this.consumer = new RedisStreamConsumer({
      redis: events,
      stream: `${events.keyPrefix}${events.eventStream}`,
      group: 'harbor-core',
      purpose: 'registry events',
      logger,
      decode: decodeBlobCommitted,
      handle: (event) => this.record(event),
    });
  }

  onApplicationBootstrap(): void {
    this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }

  private async record(event: BlobCommitted): Promise<void> {
    if (event.type !== 'blob') return;
    // Idempotent: a redelivered event or a blob already known from a manifest changes nothing.
    await this.dataSource.query(
      `INSERT INTO blob (digest, content_type, size) VALUES ($1, $2, $3)
       ON CONFLICT (digest) DO UPDATE SET size = EXCLUDED.size,
         content_type = CASE WHEN blob.content_type = '' THEN EXCLUDED.content_type ELSE blob.content_type END`,
      [event.digest, event.mediaType, event.size],
    );
  }
}
