import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { CoreEvent, NewCoreEvent } from '@harbor-ts/events';
import { LOGGER } from '@harbor-ts/runtime';

export interface CoreEventSubscriber {
  /** Named in the log line when it fails. */
  readonly name: string;
  handle(event: CoreEvent): Promise<void> | void;
}

/**
 * Core's one event point: use cases emit after their change is committed, subscribers (the audit log,
 * and next webhooks, scan on push, replication triggers) react. `emit` waits for every subscriber, in
 * the order they subscribed, so an audit entry is written before the response goes out. A subscriber
 * that throws is logged and skipped: the change is done, and the others still hear about it.
 */
@Injectable()
export class CoreEvents {
  private readonly subscribers: CoreEventSubscriber[] = [];

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  subscribe(subscriber: CoreEventSubscriber): void {
    this.subscribers.push(subscriber);
  }

  /** Never throws. */
  async emit(event: NewCoreEvent): Promise<void> {
    const stamped = { ...event, occurredAt: new Date().toISOString() } as CoreEvent;
    for (const subscriber of this.subscribers) {
      try {
        await subscriber.handle(stamped);
      } catch (error) {
        this.logger.error(
          { err: error, event: stamped.type, subscriber: subscriber.name },
          'event subscriber failed',
        );
      }
    }
  }
}
