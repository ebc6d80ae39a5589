import type { JobParams, JobType } from '@harbor-ts/jobs';
import type { TaskLog } from './task-log.js';

/** What a handler gets for one run of one task. */
export interface JobContext<T extends JobType> {
  taskId: number;
  executionId: number;
  /** 1 on the first try. */
  attempt: number;
  params: JobParams<T>;
  /** Aborted when the task is stopped (API, queue stop) or jobservice shuts down: stop at the next safe point. */
  signal: AbortSignal;
  /** The task's log, served by the API (`[i/total]` progress lines go here). */
  log: TaskLog;
  /** Merges attributes into the execution's `extra_attrs` (counts the API shows). */
  report(attrs: Record<string, unknown>): Promise<void>;
}

/**
 * One per job type (jobs/<type>/*.handler.ts). Returning ends the task as Success; throwing ends it
 * as Error with the message (or retries it, when its definition allows more attempts). A handler that
 * finds `signal.aborted` should return promptly; the task is already marked Stopped.
 */
export interface JobHandler<T extends JobType> {
  run(context: JobContext<T>): Promise<void>;
}

/** The compiler's check that every job type in the catalogue has its handler. */
export type JobHandlerMap = { [K in JobType]: JobHandler<K> };

/**
 * A handler built on its first task. A load that fails (a missing module, a constructor that throws)
 * fails that task and is tried again by the next one.
 */
export function lazyHandler<T extends JobType>(load: () => Promise<JobHandler<T>>): JobHandler<T> {
  let loading: Promise<JobHandler<T>> | undefined;
  return {
    async run(context) {
      loading ??= load().catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return (await loading).run(context);
    },
  };
}

/** Throws the abort reason if the task was stopped; call between steps of a long job. */
export function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw new TaskStoppedError();
}

export class TaskStoppedError extends Error {
  constructor() {
    super('the task was stopped');
  }
}
