import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JobserviceConfig } from '@harbor-ts/config';
import { encodeJobOutcome, jobOutcomeStreamKey, type JobOutcome } from '@harbor-ts/events';
import { redisConnection } from '@harbor-ts/runtime/redis';

/** A publish never holds a job longer than this. */
const PUBLISH_TIMEOUT_MS = 2000;
/** Roughly how many entries the stream keeps; core acknowledges them within seconds. */
const STREAM_MAX_ENTRIES = 100_000;

/**
 * Tells core's event point what jobs did (job-outcome stream), always after the change is committed
 * in Postgres. Never throws and never makes a job wait more than `PUBLISH_TIMEOUT_MS`: a job's outcome
 * is its Postgres status, the announcement follows. While Redis is down an entry waits in the
 * connection's queue and is written once Redis is back (lost only if jobservice exits meanwhile).
 */
export class JobOutcomes {
  private readonly redis: Redis;
  private readonly stream: string;

  constructor(
    config: JobserviceConfig,
    private readonly logger: Logger,
  ) {
    this.redis = redisConnection(config.redis, logger, 'job outcomes');
    this.stream = jobOutcomeStreamKey(config.redis.keyPrefix);
  }

  async publish(outcome: JobOutcome): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const fields = encodeJobOutcome(outcome);
      const written = this.redis.xadd(this.stream, 'MAXLEN', '~', STREAM_MAX_ENTRIES, '*', ...fields);
      const late = new Promise<'late'>(
        (resolve) => (timer = setTimeout(() => resolve('late'), PUBLISH_TIMEOUT_MS)),
      );
      if ((await Promise.race([written, late])) === 'late')
        this.logger.warn({ outcome: outcome.kind, taskId: outcome.taskId }, 'job outcome not yet published');
      written.catch((error: unknown) =>
        this.logger.warn({ err: error, outcome: outcome.kind, taskId: outcome.taskId }, 'job outcome lost'),
      );
    } catch (error) {
      this.logger.warn(
        { err: error, outcome: outcome.kind, taskId: outcome.taskId },
        'job outcome not published',
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** A task reached a final status (already written to Postgres). */
  taskFinished(
    task: { vendorType: string; executionId: number; taskId: number },
    status: 'Success' | 'Error' | 'Stopped',
  ): Promise<void> {
    return this.publish({ kind: 'task.finished', ...task, status, at: new Date().toISOString() });
  }

  close(): void {
    this.redis.disconnect();
  }
}
