import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConfig } from '@harbor-ts/config';
import { redisOptions } from '@harbor-ts/runtime';

type StreamEntries = [id: string, fields: string[] | null][];

export interface RedisStreamConsumerOptions<T> {
  /** Where the stream lives: a service's Redis block. */
  redis: RedisConfig;
  /** The full key, prefix included. */
  stream: string;
  /** The consumer group; every core instance shares it, so each entry is handled once. */
  group: string;
  /** Named in log lines. */
  purpose: string;
  logger: Logger;
  /** Throws for an entry that is not one of ours: it is logged and acknowledged. */
  decode(fields: string[]): T;
  /** Throws to have the entry delivered again; resolves once it is handled for good. */
  handle(entry: T, id: string): Promise<void>;
  /** An entry another consumer has held unacknowledged this long is taken over (it crashed). */
  claimIdleMs?: number;
  /** The wait between tries after Redis or a handler failed, and the read's block time. */
  blockMs?: number;
  /** This consumer's name in the group; one per process unless given. */
  consumer?: string;
}

/**
 * Reads a Redis stream through a consumer group: an entry is acknowledged only once handled, so one
 * whose handler failed is read again (from this consumer's pending list), and one a crashed core left
 * pending is claimed by a live consumer after `claimIdleMs`. An entry that does not decode is logged
 * and acknowledged: delivering it again would never help. Delivery is at least once.
 */
export class RedisStreamConsumer<T> {
  private readonly redis: Redis;
  private readonly consumer: string;
  private readonly claimIdleMs: number;
  private readonly blockMs: number;
  private running = false;
  private loop?: Promise<void>;

  constructor(private readonly options: RedisStreamConsumerOptions<T>) {
    // A connection of its own: XREADGROUP BLOCK would stall every other command sharing it.
    this.redis = new Redis({ ...redisOptions(options.redis), lazyConnect: true });
    this.redis.on('error', (error: Error) =>
      options.logger.debug({ err: error, purpose: options.purpose }, 'event stream unavailable'),
    );
    this.consumer = options.consumer ?? `core-${hostname()}-${process.pid}`;
    this.claimIdleMs = options.claimIdleMs ?? 60_000;
    this.blockMs = options.blockMs ?? 2000;
  }

  start(): void {
    this.running = true;
    this.loop = this.consume();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.redis.disconnect();
    await this.loop;
  }

  private async consume(): Promise<void> {
    while (this.running) {
      try {
        if (this.redis.status === 'wait') await this.redis.connect();
        await this.createGroup();
        // Ours first: delivered to this consumer but not acknowledged (a handler failed).
        while (this.running && (await this.handleAll(await this.read('0'))) > 0);
        let claimedAt = 0;
        while (this.running) {
          if (Date.now() - claimedAt >= Math.min(this.claimIdleMs, 30_000)) {
            await this.claimAbandoned();
            claimedAt = Date.now();
          }
          await this.handleAll(await this.read('>'));
        }
      } catch (error) {
        if (!this.running) return;
        this.options.logger.warn(
          { err: error, purpose: this.options.purpose },
          'event stream failed; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, this.blockMs));
      }
    }
  }

  private async createGroup(): Promise<void> {
    await this.redis
      .xgroup('CREATE', this.options.stream, this.options.group, '0', 'MKSTREAM')
      .catch((error: Error) => {
        if (!error.message.includes('BUSYGROUP')) throw error;
      });
  }

  /** `'0'`: this consumer's pending entries; `'>'`: new ones, waiting up to `blockMs`. */
  private async read(from: '0' | '>'): Promise<StreamEntries> {
    const reply = (await this.redis.xreadgroup(
      'GROUP',
      this.options.group,
      this.consumer,
      'COUNT',
      100,
      'BLOCK',
      from === '>' ? this.blockMs : 1,
      'STREAMS',
      this.options.stream,
      from,
    )) as [string, StreamEntries][] | null;
    return reply?.[0]?.[1] ?? [];
  }

  /** Takes over what consumers that died left pending, and handles it. */
  private async claimAbandoned(): Promise<void> {
    let cursor = '0-0';
    do {
      const [next, entries] = (await this.redis.xautoclaim(
        this.options.stream,
        this.options.group,
        this.consumer,
        this.claimIdleMs,
        cursor,
        'COUNT',
        100,
      )) as [string, StreamEntries];
      await this.handleAll(entries);
      cursor = next;
    } while (cursor !== '0-0' && this.running);
  }

  private async handleAll(entries: StreamEntries): Promise<number> {
    for (const [id, fields] of entries) {
      // A pending entry trimmed from the stream comes back without fields: only its ack is left.
      const entry = fields ? this.decode(id, fields) : undefined;
      if (entry !== undefined) await this.options.handle(entry, id);
      await this.redis.xack(this.options.stream, this.options.group, id);
    }
    return entries.length;
  }

  private decode(id: string, fields: string[]): T | undefined {
    try {
      return this.options.decode(fields);
    } catch (error) {
      this.options.logger.warn(
        { err: error, id, purpose: this.options.purpose },
        'event stream: malformed entry skipped',
      );
      return undefined;
    }
  }
}
