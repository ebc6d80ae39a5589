import { refreshExecutionStatus } from './executions.js';
import { rowsOf, statusCode, TaskStatus, type Queryable } from './task-status.js';

export interface TaskRow {
  id: number;
  execution_id: number;
  vendor_type: string;
  job_id: string | null;
  status: TaskStatus;
  status_message: string | null;
  run_count: number;
  extra_attrs: Record<string, unknown>;
  creation_time: Date;
  start_time: Date | null;
  update_time: Date;
  end_time: Date | null;
}

export async function getTask(db: Queryable, id: number): Promise<TaskRow | undefined> {
  const [row] = rowsOf<TaskRow>(await db.query('SELECT * FROM task WHERE id = $1', [id]));
  return row;
}

export async function tasksOfExecution(db: Queryable, executionId: number): Promise<TaskRow[]> {
  return rowsOf<TaskRow>(
    await db.query('SELECT * FROM task WHERE execution_id = $1 ORDER BY id', [executionId]),
  );
}

/**
 * Pending → Running for the worker that picked the task up. Undefined when the task is not Pending
 * (stopped meanwhile, already run, or delivered twice): the worker must then not run it.
 */
export async function claimTask(db: Queryable, taskId: number, jobId: string): Promise<TaskRow | undefined> {
  const [task] = rowsOf<TaskRow>(
    await db.query(
      `UPDATE task SET status = 'Running', status_code = $3, job_id = $2, run_count = run_count + 1,
              start_time = now(), update_time = now(), status_revision = status_revision + 1
        WHERE id = $1 AND status = 'Pending' RETURNING *`,
      [taskId, jobId, statusCode(TaskStatus.Running)],
    ),
  );
  if (task) await refreshExecutionStatus(db, task.execution_id);
  return task;
}

/**
 * Running → a final status, or back to Pending for a retry. Only a task still Running moves, so a
 * task stopped (or reaped) meanwhile keeps that status. Returns whether it moved.
 */
export async function finishTask(
  db: Queryable,
  taskId: number,
  status: TaskStatus,
  message?: string,
): Promise<boolean> {
  const final = status !== TaskStatus.Pending;
  const [task] = rowsOf<{ execution_id: number }>(
    await db.query(
      `UPDATE task SET status = $2, status_code = $3, status_message = $4, update_time = now(),
              end_time = CASE WHEN $5::boolean THEN now() END, status_revision = status_revision + 1
        WHERE id = $1 AND status = 'Running' RETURNING execution_id`,
      [taskId, status, statusCode(status), message ?? null, final],
    ),
  );
  if (task) await refreshExecutionStatus(db, task.execution_id);
  return task !== undefined;
}

/**
 * The worker's proof of life for its running tasks. Returns the ids that are still Running: a task
 * missing from the answer was stopped (or reaped) and its worker should abort it.
 */
export async function heartbeatTasks(db: Queryable, taskIds: number[]): Promise<number[]> {
  if (taskIds.length === 0) return [];
  const rows = rowsOf<{ id: number }>(
    await db.query(
      `UPDATE task SET update_time = now() WHERE id = ANY($1::int[]) AND status = 'Running' RETURNING id`,
      [taskIds],
    ),
  );
  return rows.map((r) => r.id);
}

/**
 * Tasks whose worker stopped beating (jobservice killed, machine rebooted) end as Error with the reason,
 * so nothing stays "Running" forever. Returns the tasks reaped.
 */
export async function reapDeadTasks(db: Queryable, silentForMs: number): Promise<number[]> {
  const rows = rowsOf<{ id: number; execution_id: number }>(
    await db.query(
      `UPDATE task SET status = 'Error', status_code = $2, end_time = now(), update_time = now(),
              status_revision = status_revision + 1,
              status_message = 'the job service stopped while the task was running (no heartbeat since '
                               || to_char(update_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ')'
        WHERE status = 'Running' AND update_time < now() - make_interval(secs => $1)
        RETURNING id, execution_id`,
      [silentForMs / 1000, statusCode(TaskStatus.Error)],
    ),
  );
  for (const executionId of new Set(rows.map((r) => r.execution_id))) {
    await refreshExecutionStatus(db, executionId);
  }
  return rows.map((r) => r.id);
}

/** Pending tasks created more than `olderThanMs` ago: candidates for a lost enqueue. */
export async function stalePendingTasks(
  db: Queryable,
  olderThanMs: number,
  limit = 1000,
): Promise<{ id: number; vendor_type: string }[]> {
  return rowsOf<{ id: number; vendor_type: string }>(
    await db.query(
      `SELECT id, vendor_type FROM task WHERE status = 'Pending'
         AND update_time < now() - make_interval(secs => $1) ORDER BY id LIMIT $2`,
      [olderThanMs / 1000, limit],
    ),
  );
}

/** Marks a Pending task as checked by the sweeper, so it is not re-examined at every sweep. */
export async function touchTasks(db: Queryable, taskIds: number[]): Promise<void> {
  if (taskIds.length > 0)
    await db.query('UPDATE task SET update_time = now() WHERE id = ANY($1::int[])', [taskIds]);
}
