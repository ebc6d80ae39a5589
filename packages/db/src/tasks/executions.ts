import { rowsOf, statusCode, TaskStatus, type Queryable, type Trigger } from './task-status.js';

export interface ExecutionRow {
  id: number;
  vendor_type: string;
  vendor_id: number;
  status: TaskStatus;
  status_message: string | null;
  trigger: Trigger;
  extra_attrs: Record<string, unknown>;
  start_time: Date;
  end_time: Date | null;
  update_time: Date;
}

export interface NewExecution {
  vendorType: string;
  vendorId?: number;
  trigger: Trigger;
  extraAttrs?: Record<string, unknown>;
}

/**
 * An execution and its tasks, each task carrying its own attributes (the job's parameters live in
 * `extra_attrs.parameters`). Run it in a transaction, then enqueue the returned task ids. An execution
 * without tasks is finished at once, as Harbor's is.
 */
export async function createExecution(
  db: Queryable,
  execution: NewExecution,
  tasks: Record<string, unknown>[],
): Promise<{ executionId: number; taskIds: number[] }> {
  const status = tasks.length === 0 ? TaskStatus.Success : TaskStatus.Pending;
  const [row] = (await db.query(
    `INSERT INTO execution (vendor_type, vendor_id, status, trigger, extra_attrs, end_time)
     VALUES ($1, $2, $3::varchar, $4, $5, CASE WHEN $3::varchar = 'Success' THEN now() END) RETURNING id`,
    [execution.vendorType, execution.vendorId ?? -1, status, execution.trigger, execution.extraAttrs ?? {}],
  )) as { id: number }[];
  const executionId = row!.id;
  return { executionId, taskIds: await addPendingTasks(db, executionId, execution.vendorType, tasks) };
}

/**
 * Adds Pending tasks, one per attributes object, to an execution (a new one, or a launcher task's own
 * when it fans out into one task per resource). Returns their ids in ascending order, the order given.
 */
export async function addPendingTasks(
  db: Queryable,
  executionId: number,
  vendorType: string,
  tasks: Record<string, unknown>[],
): Promise<number[]> {
  if (tasks.length === 0) return [];
  const inserted = (await db.query(
    `INSERT INTO task (execution_id, vendor_type, status, status_code, extra_attrs)
     SELECT $1, $2, 'Pending', 0, attrs FROM unnest($3::jsonb[]) WITH ORDINALITY AS t(attrs, n) ORDER BY n
     RETURNING id`,
    [executionId, vendorType, tasks.map((attrs) => JSON.stringify(attrs))],
  )) as { id: number }[];
  return inserted.map((t) => t.id).sort((a, b) => a - b);
}

export async function getExecution(db: Queryable, id: number): Promise<ExecutionRow | undefined> {
  const [row] = (await db.query('SELECT * FROM execution WHERE id = $1', [id])) as ExecutionRow[];
  return row;
}

/** Merges `patch` into the execution's extra attributes (GC's counts, a purge's totals...). */
export async function mergeExecutionAttrs(
  db: Queryable,
  executionId: number,
  patch: Record<string, unknown>,
): Promise<void> {
  await db.query(
    'UPDATE execution SET extra_attrs = extra_attrs || $2::jsonb, update_time = now() WHERE id = $1',
    [executionId, JSON.stringify(patch)],
  );
}

/**
 * Recomputes an execution's status from its tasks, as Harbor does: Running while any task is
 * unfinished (Pending if none started), then Error if any failed, Stopped if any stopped, else Success.
 */
export async function refreshExecutionStatus(db: Queryable, executionId: number): Promise<void> {
  await db.query(
    `WITH counts AS (
       SELECT count(*) FILTER (WHERE status = 'Pending') AS pending,
              count(*) FILTER (WHERE status = 'Running') AS running,
              count(*) FILTER (WHERE status = 'Error') AS error,
              count(*) FILTER (WHERE status = 'Stopped') AS stopped,
              count(*) AS total,
              string_agg(status_message, '; ') FILTER (WHERE status = 'Error') AS errors
         FROM task WHERE execution_id = $1),
     next AS (
       SELECT CASE WHEN total = 0 THEN 'Success'
                   WHEN pending = total THEN 'Pending'
                   WHEN pending + running > 0 THEN 'Running'
                   WHEN error > 0 THEN 'Error'
                   WHEN stopped > 0 THEN 'Stopped'
                   ELSE 'Success' END AS status, errors FROM counts)
     UPDATE execution e SET status = next.status,
            status_message = CASE WHEN next.status = 'Error' THEN left(next.errors, 4000) ELSE e.status_message END,
            end_time = CASE WHEN next.status IN ('Success', 'Error', 'Stopped') THEN COALESCE(e.end_time, now()) END,
            update_time = now(), revision = e.revision + 1
       FROM next WHERE e.id = $1 AND e.status IS DISTINCT FROM next.status`,
    [executionId],
  );
}

/**
 * Stops an execution: tasks not started end as Stopped at once; running ones are marked Stopped too,
 * and their worker, which checks its task's status at every heartbeat, aborts. Returns the tasks that
 * were running, so the caller can nudge their workers.
 */
export async function stopExecution(db: Queryable, executionId: number): Promise<number[]> {
  const rows = await stopExecutionTasks(db, executionId);
  return rows.filter((r) => r.was === TaskStatus.Running).map((r) => r.id);
}

/** A task a stop ended, with the status it had: a Running one still has a worker to abort. */
export interface StoppedTask {
  id: number;
  vendorType: string;
  was: TaskStatus;
}

/** `stopExecution`, returning every task it stopped (a Pending one has no worker to announce its end). */
export async function stopExecutionTasks(db: Queryable, executionId: number): Promise<StoppedTask[]> {
  const rows = rowsOf<StoppedTask>(
    await db.query(
      `WITH before AS (SELECT id, status FROM task WHERE execution_id = $1 AND status IN ('Pending', 'Running') FOR UPDATE)
     UPDATE task t SET status = 'Stopped', status_code = $2, status_message = 'stopped by request',
            end_time = now(), update_time = now(), status_revision = t.status_revision + 1
       FROM before WHERE t.id = before.id RETURNING t.id, t.vendor_type AS "vendorType", before.status AS was`,
      [executionId, statusCode(TaskStatus.Stopped)],
    ),
  );
  await refreshExecutionStatus(db, executionId);
  return rows;
}
