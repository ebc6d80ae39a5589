import type { Logger } from 'pino';
import {
  claimTask,
  finishTask,
  getTask,
  mergeExecutionAttrs,
  TaskStatus,
  type Queryable,
} from '@harbor-ts/db';
import { JOBS, type JobType } from '@harbor-ts/jobs';
import type { JobContext, JobHandler } from './job-handler.js';
import { TaskLog } from './task-log.js';

export interface TaskRun {
  type: JobType;
  taskId: number;
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  handler: JobHandler<JobType>;
  signal: AbortSignal;
  db: Queryable;
  logger: Logger;
  /** Called once the task is claimed (Running), before the handler starts. */
  onStart?: () => Promise<void>;
  /** Told of each final status once it is in Postgres (core's event point hears of it); never throws. */
  onFinished?: (task: FinishedTask, status: FinalStatus) => Promise<void>;
}

export interface FinishedTask {
  vendorType: string;
  executionId: number;
  taskId: number;
}

export type FinalStatus = 'Success' | 'Error' | 'Stopped';

/** Why a running task's signal was aborted; anything else is a stop request. */
export const SHUTDOWN = 'shutdown';

/**
 * One try of one task: claim it (Pending → Running; a task not Pending is not run), run its handler,
 * write the outcome. Throws only to ask BullMQ for a retry, after putting the task back to Pending.
 */
export async function runTask(run: TaskRun): Promise<void> {
  const { type, taskId, db, logger } = run;
  const task = await claimTask(db, taskId, run.jobId);
  if (!task) {
    logger.debug({ taskId, type }, 'task is not pending; not run');
    return;
  }
  const log = new TaskLog(db, taskId, logger);
  const definition = JOBS[type];
  const finished = { vendorType: type, executionId: task.execution_id, taskId };
  /** Writes a final status and announces it, unless the task was stopped or reaped meanwhile. */
  const finish = async (status: 'Success' | 'Error', message?: string) => {
    if (await finishTask(db, taskId, status, message)) await run.onFinished?.(finished, status);
  };
  try {
    const params = definition.params.safeParse(
      (task.extra_attrs as { parameters?: unknown }).parameters ?? {},
    );
    if (!params.success) {
      log.error(`invalid parameters: ${params.error.message}`);
      await log.close();
      await finish(TaskStatus.Error, 'invalid parameters');
      return;
    }
    await run.onStart?.();
    log.info(`${type} task ${taskId} started (attempt ${run.attempt} of ${definition.attempts})`);
    const context: JobContext<JobType> = {
      taskId,
      executionId: task.execution_id,
      attempt: run.attempt,
      params: params.data as JobContext<JobType>['params'],
      signal: run.signal,
      log,
      report: (attrs) => mergeExecutionAttrs(db, task.execution_id, attrs),
    };
    await run.handler.run(context);
    if (run.signal.aborted) return await stopped(run, log, finished);
    log.info(`${type} task ${taskId} finished`);
    await log.close();
    await finish(TaskStatus.Success);
  } catch (error) {
    if (run.signal.aborted) return await stopped(run, log, finished);
    const message = error instanceof Error ? error.message : String(error);
    logger.warn({ err: error, taskId, type }, 'task failed');
    log.error(message);
    await log.close();
    if (run.attempt < definition.attempts) {
      await finishTask(db, taskId, TaskStatus.Pending, `attempt ${run.attempt} failed: ${message}`);
      throw error;
    }
    await finish(TaskStatus.Error, message);
  }
}

/** A stop request already marked the task Stopped; a shutdown ends it as Error, saying so. */
async function stopped(run: TaskRun, log: TaskLog, task: FinishedTask): Promise<void> {
  if (run.signal.reason === SHUTDOWN) {
    const message = 'the job service shut down while the task was running';
    log.error(message);
    await log.close();
    if (await finishTask(run.db, run.taskId, TaskStatus.Error, message))
      await run.onFinished?.(task, TaskStatus.Error);
    return;
  }
  log.info('the task was stopped');
  await log.close();
  // A task reaped meanwhile is Error, and recovery announced it: only a real stop is announced here.
  if ((await getTask(run.db, run.taskId))?.status === TaskStatus.Stopped)
    await run.onFinished?.(task, TaskStatus.Stopped);
}
