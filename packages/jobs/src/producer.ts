import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { createExecution, stopExecutionTasks, TaskStatus, type Trigger } from '@harbor-ts/db';
import { JOBS, type JobParamsInput, type JobType, type TaskPayload } from './catalog.js';
import { bullPrefix, jobKeys, taskJobId } from './queues.js';
import { announceStoppedPending } from './stopped-announcement.js';

const ENQUEUE_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface Submission<T extends JobType> {
  vendorId?: number;
  trigger: Trigger;
  /** One entry per task; most executions have one. */
  tasks: JobParamsInput<T>[];
  /** Execution-level attributes (shown by the API, e.g. a GC run's parameters). */
  extraAttrs?: Record<string, unknown>;
}

/**
 * The one way to start background work: writes the execution and its tasks to Postgres, then puts
 * their ids on the job type's queue. If the enqueue is lost (Redis down, process killed in between),
 * the tasks stay Pending in Postgres and EXECUTION_SWEEP enqueues them again.
 */
export class JobProducer {
  private readonly queues = new Map<JobType, Queue<TaskPayload>>();

  constructor(
    private readonly connection: Redis,
    private readonly keyPrefix: string,
  ) {}

  async submit<T extends JobType>(dataSource: DataSource, type: T, submission: Submission<T>) {
    const definition = JOBS[type];
    const tasks = submission.tasks.map((input) => ({
      parameters: definition.params.parse(input) as unknown,
    }));
    const created = await dataSource.transaction((manager) =>
      createExecution(
        manager,
        {
          vendorType: type,
          vendorId: submission.vendorId,
          trigger: submission.trigger,
          // A one-task execution shows its task's parameters, flat, as Harbor's GC and purge history do.
          extraAttrs: {
            ...(tasks.length === 1 ? (tasks[0]!.parameters as object) : {}),
            ...submission.extraAttrs,
          },
        },
        tasks,
      ),
    );
    // Postgres has the tasks now; if Redis does not take them in time, the sweeper enqueues them later.
    const enqueued = await withTimeout(this.enqueue(type, created.taskIds), ENQUEUE_TIMEOUT_MS).then(
      () => true,
      () => false,
    );
    return { ...created, enqueued };
  }

  /** Puts tasks on their queue; a task already queued is not added twice (the job id is the task's). */
  async enqueue(type: JobType, taskIds: number[]): Promise<void> {
    if (taskIds.length === 0) return;
    const definition = JOBS[type];
    const options: JobsOptions = {
      attempts: definition.attempts,
      ...(definition.backoffMs ? { backoff: { type: 'exponential', delay: definition.backoffMs } } : {}),
      // Postgres holds the outcome; Redis keeps nothing once a job ends.
      removeOnComplete: true,
      removeOnFail: true,
    };
    await this.queue(type).addBulk(
      taskIds.map((taskId) => ({
        name: type,
        data: { taskId },
        opts: { ...options, jobId: taskJobId(taskId) },
      })),
    );
  }

  /**
   * Stops every unfinished task of an execution and tells running workers to abort now. A running task's
   * worker announces its end (task finished, Stopped) once it has aborted; a Pending task has no worker,
   * so its end is announced here, after the stop is committed: each task is announced once, by one side.
   */
  async stop(dataSource: DataSource, executionId: number): Promise<void> {
    const stopped = await stopExecutionTasks(dataSource, executionId);
    for (const task of stopped)
      if (task.was === TaskStatus.Running)
        await this.connection.publish(jobKeys.stopChannel(this.keyPrefix), String(task.id));
    const pending = stopped.filter((task) => task.was === TaskStatus.Pending);
    await announceStoppedPending(
      this.connection,
      this.keyPrefix,
      pending.map((task) => ({ id: task.id, executionId, vendorType: task.vendorType })),
    );
  }

  /** Tells jobservice that schedules changed in Postgres, so it reconciles now rather than at its next poll. */
  async schedulesChanged(): Promise<void> {
    await this.connection.publish(jobKeys.schedulesChannel(this.keyPrefix), 'changed');
  }

  queue(type: JobType): Queue<TaskPayload> {
    let queue = this.queues.get(type);
    if (!queue) {
      queue = new Queue<TaskPayload>(JOBS[type].queue, {
        connection: this.connection,
        prefix: bullPrefix(this.keyPrefix),
      });
      this.queues.set(type, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
