import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { JobserviceConfig } from '@harbor-ts/config';
import { getScheduleById, listSchedules, Trigger, type ScheduleRow } from '@harbor-ts/db';
import type { JobProducer } from '@harbor-ts/jobs';
import { bullPrefix, isJobType, jobKeys } from '@harbor-ts/jobs';
import { redisConnection } from '@harbor-ts/runtime/redis';
import type { RunnerTimings } from '../runner/runner-timings.js';
import { ensureSystemSchedules } from './system-schedules.js';

const SCHEDULER_QUEUE = 'SCHEDULER';
const firePayload = z.strictObject({ scheduleId: z.number().int().positive() });

/**
 * Turns the `schedule` table into runs. Postgres is the truth: BullMQ job schedulers (UTC crons on the
 * SCHEDULER queue) are reconciled from it at start, whenever core says schedules changed, and on the
 * recovery timer, so schedules survive a restart of any process and of Redis. Each fire submits the
 * schedule's job with trigger SCHEDULE. Pausing the SCHEDULER queue pauses every schedule.
 */
export class SchedulerService {
  private readonly queue: Queue;
  private worker?: Worker;
  private readonly subscriber: Redis;
  private readonly redis: Redis;
  private timer?: NodeJS.Timeout;
  private reconciling?: Promise<void>;

  constructor(
    private readonly config: JobserviceConfig,
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly timings: RunnerTimings,
    private readonly producer: JobProducer,
  ) {
    const prefix = bullPrefix(config.redis.keyPrefix);
    this.redis = redisConnection(config.redis, logger, 'scheduler');
    this.queue = new Queue(SCHEDULER_QUEUE, { connection: this.redis, prefix });
    this.subscriber = redisConnection(config.redis, logger, 'schedule changes');
  }

  async start(): Promise<void> {
    // Not awaited: core may still be migrating the database; the timer retries until it can.
    void this.reconcileQuietly();
    this.worker = new Worker(SCHEDULER_QUEUE, (job: Job) => this.fire(job), {
      connection: this.redis,
      prefix: bullPrefix(this.config.redis.keyPrefix),
      concurrency: 1,
    });
    this.worker.on('error', (error) => this.logger.warn({ err: error }, 'scheduler worker error'));
    await this.subscriber.subscribe(jobKeys.schedulesChannel(this.config.redis.keyPrefix));
    this.subscriber.on('message', () => void this.reconcileQuietly());
    this.timer = setInterval(() => void this.reconcileQuietly(), this.timings.recoverEveryMs);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.subscriber.disconnect();
    await this.reconciling;
    await this.worker?.close();
    await this.queue.close();
    this.redis.disconnect();
  }

  /** Makes BullMQ's job schedulers exactly the rows of `schedule`. */
  async reconcile(): Promise<void> {
    await ensureSystemSchedules(this.dataSource);
    const rows = await listSchedules(this.dataSource);
    const existing = new Map(
      (await this.queue.getJobSchedulers(0, -1)).map((s) => [s.key, s.pattern ?? undefined] as const),
    );
    const wanted = new Set<string>();
    for (const row of rows) {
      const key = schedulerKey(row);
      wanted.add(key);
      if (existing.get(key) === row.cron) continue;
      await this.queue.upsertJobScheduler(
        key,
        { pattern: row.cron, tz: 'UTC' },
        {
          name: row.vendor_type,
          data: { scheduleId: row.id },
          opts: { removeOnComplete: true, removeOnFail: true },
        },
      );
      this.logger.info({ schedule: row.id, type: row.vendor_type, cron: row.cron }, 'schedule armed');
    }
    for (const key of existing.keys()) {
      if (!wanted.has(key)) await this.queue.removeJobScheduler(key);
    }
  }

  private reconcileQuietly(): Promise<void> {
    this.reconciling ??= this.reconcile()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'schedule reconciliation failed'))
      .finally(() => (this.reconciling = undefined));
    return this.reconciling;
  }

  private async fire(job: Job): Promise<void> {
    const { scheduleId } = firePayload.parse(job.data);
    const row = await getScheduleById(this.dataSource, scheduleId);
    if (!row) return; // deleted since it was armed; the next reconcile removes its timer
    if (!isJobType(row.callback_func_name)) {
      this.logger.warn(
        { schedule: row.id, callback: row.callback_func_name },
        'schedule names no known job type',
      );
      return;
    }
    const params = JSON.parse(row.callback_func_param) as Record<string, unknown>;
    const { executionId } = await this.producer.submit(this.dataSource, row.callback_func_name, {
      vendorId: row.vendor_id,
      trigger: Trigger.Schedule,
      tasks: [params as never],
    });
    this.logger.info({ schedule: row.id, executionId }, 'scheduled run submitted');
  }
}

function schedulerKey(row: ScheduleRow): string {
  return `schedule-${row.id}`;
}
