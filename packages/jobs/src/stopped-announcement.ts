import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { encodeJobOutcome, jobOutcomeStreamKey } from '@harbor-ts/events';

/** A stop request never waits longer than this for its announcements. */
const ANNOUNCE_TIMEOUT_MS = 2000;
/** Roughly how many entries the job-outcome stream keeps (as jobservice writes it). */
const OUTCOME_STREAM_MAX_ENTRIES = 100_000;

export interface StoppedPendingTask {
  id: number;
  executionId: number;
  vendorType: string;
}

/**
 * Writes "task finished, Stopped" to the job-outcome stream for tasks a stop ended while Pending: no
 * worker ever takes them (a task not Pending is not claimed), so nobody else announces their end. Called
 * once the stop is committed; never fails the stop: with Redis down only the webhook is missed.
 */
export async function announceStoppedPending(
  connection: Redis,
  keyPrefix: string,
  tasks: StoppedPendingTask[],
): Promise<void> {
  if (tasks.length === 0) return;
  const at = new Date().toISOString();
  const stream = jobOutcomeStreamKey(keyPrefix);
  const writes = Promise.all(
    tasks.map((task) =>
      connection.xadd(
        stream,
        'MAXLEN',
        '~',
        OUTCOME_STREAM_MAX_ENTRIES,
        '*',
        ...encodeJobOutcome({
          kind: 'task.finished',
          vendorType: task.vendorType,
          executionId: task.executionId,
          taskId: task.id,
          status: 'Stopped',
          at,
        }),
      ),
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ANNOUNCE_TIMEOUT_MS)));
  await Promise.race([writes.catch(() => undefined), late]).finally(() => clearTimeout(timer));
}

/** The execution and job type of stopped tasks, for their announcement. */
export async function stoppedTasks(dataSource: DataSource, ids: number[]): Promise<StoppedPendingTask[]> {
  if (ids.length === 0) return [];
  return (await dataSource.query(
    `SELECT id, execution_id AS "executionId", vendor_type AS "vendorType" FROM task WHERE id = ANY($1::int[])`,
    [ids],
  )) as StoppedPendingTask[];
}
