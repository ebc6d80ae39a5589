import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { JobserviceConfig } from '@harbor-ts/config';
import { heartbeatTasks } from '@harbor-ts/db';
import type { JobProducer } from '@harbor-ts/jobs';
import { bullPrefix, JOB_TYPES, JOBS, jobKeys, taskPayloadSchema, type JobType } from '@harbor-ts/jobs';
import { redisConnection } from '@harbor-ts/runtime/redis';
import type { JobHandlerMap } from './job-handler.js';
import type { JobOutcomes } from './job-outcomes.js';
import { runTask, SHUTDOWN } from './run-task.js';
import type { RunnerTimings } from './runner-timings.js';
import { Semaphore } from './semaphore.js';
import { WorkerPool } from './worker-pool.js';

/**
 * Runs every job type of the catalogue: one BullMQ worker per queue, all bounded together by
 * `max_job_workers`; `single` types also run one at a time across every jobservice (BullMQ global
 * concurrency). Task status lives in Postgres; a heartbeat keeps running tasks alive there, and a
 * task found Stopped at a heartbeat (or named on the stop channel) is aborted.
 */
export class JobRunner {
  private readonly workers: Worker[] = [];
  private readonly running = new Map<number, AbortController>();
  private readonly slots: Semaphore;
  private readonly pool: WorkerPool;
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private heartbeat?: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly config: JobserviceConfig,
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly timings: RunnerTimings,
    private readonly handlers: JobHandlerMap,
    private readonly producer: JobProducer,
    private readonly outcomes: JobOutcomes,
  ) {
    this.slots = new Semaphore(config.maxJobWorkers);
    this.redis = redisConnection(config.redis, logger, 'job workers');
    this.subscriber = redisConnection(config.redis, logger, 'job stop requests');
    this.pool = new WorkerPool(this.redis, config.redis.keyPrefix, config.maxJobWorkers);
  }

  async start(): Promise<void> {
    await this.pool.refresh();
    await this.subscriber.subscribe(jobKeys.stopChannel(this.config.redis.keyPrefix));
    this.subscriber.on('message', (_channel: string, message: string) =>
      this.abort(Number(message), 'stopped'),
    );
    for (const type of JOB_TYPES) {
      const single = JOBS[type].concurrency === 'single';
      if (single) await this.producer.queue(type).setGlobalConcurrency(1);
      const worker = new Worker(JOBS[type].queue, (job: Job) => this.process(type, job), {
        connection: this.redis,
        prefix: bullPrefix(this.config.redis.keyPrefix),
        concurrency: single ? 1 : this.config.maxJobWorkers,
        name: this.pool.id,
      });
      worker.on('error', (error) => this.logger.warn({ err: error, queue: type }, 'job queue worker error'));
      this.workers.push(worker);
    }
    this.heartbeat = setInterval(() => void this.beat(), this.timings.heartbeatMs);
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.closing = true;
    for (const controller of this.running.values()) controller.abort(SHUTDOWN);
    await Promise.all(this.workers.map((worker) => worker.close()));
    await this.pool.unregister().catch(() => undefined);
    this.subscriber.disconnect();
    this.redis.disconnect();
  }

  /** Task ids running in this process now. */
  runningTasks(): number[] {
    return [...this.running.keys()];
  }

  private async process(type: JobType, job: Job): Promise<void> {
    const { taskId } = taskPayloadSchema.parse(job.data);
    await this.slots.acquire();
    if (this.closing) {
      this.slots.release();
      // Failing the BullMQ job leaves the task Pending in Postgres; recovery re-queues it after a restart.
      throw new Error('the job service is shutting down');
    }
    const controller = new AbortController();
    let slot: number | undefined;
    try {
      await runTask({
        type,
        taskId,
        jobId: job.id ?? String(taskId),
        attempt: job.attemptsMade + 1,
        handler: this.handlers[type] as never,
        signal: controller.signal,
        db: this.dataSource,
        logger: this.logger,
        onFinished: (task, status) => this.outcomes.taskFinished(task, status),
        onStart: async () => {
          this.running.set(taskId, controller);
          // A task claimed while shutdown was already aborting the others: abort it too.
          if (this.closing) controller.abort(SHUTDOWN);
          slot = await this.pool.occupy({ job_id: job.id ?? '', job_name: type, task_id: taskId });
        },
      });
    } finally {
      this.running.delete(taskId);
      if (slot !== undefined) await this.pool.vacate(slot).catch(() => undefined);
      this.slots.release();
    }
  }

  private abort(taskId: number, reason: string): void {
    const controller = this.running.get(taskId);
    if (controller && !controller.signal.aborted) {
      this.logger.info({ taskId, reason }, 'aborting task');
      controller.abort(reason);
    }
  }

  /** Keeps this process's tasks alive in Postgres and its pool in Redis; aborts tasks stopped meanwhile. */
  private async beat(): Promise<void> {
    try {
      const mine = this.runningTasks();
      const alive = new Set(await heartbeatTasks(this.dataSource, mine));
      for (const taskId of mine)
        if (!alive.has(taskId) && this.running.has(taskId)) this.abort(taskId, 'stopped');
      await this.pool.refresh();
    } catch (error) {
      this.logger.warn({ err: error }, 'job heartbeat failed');
    }
  }
}
