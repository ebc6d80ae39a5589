import { refreshExecutionStatus } from './executions.js';
import { rowsOf, statusCode, TaskStatus, type Queryable } from './task-status.js';
import type { TaskRow } from './tasks.js';

/**
 * Pending → Stopped for tasks whose queued job was removed (the job service API's "stop" on a queue);
 * a task a worker claimed meanwhile keeps running. Returns the tasks stopped.
 */
export async function stopPendingTasks(db: Queryable, taskIds: number[], message: string): Promise<number[]> {
  if (taskIds.length === 0) return [];
  const rows = rowsOf<{ id: number; execution_id: number }>(
    await db.query(
      `UPDATE task SET status = 'Stopped', status_code = $2, status_message = $3, end_time = now(),
              update_time = now(), status_revision = status_revision + 1
        WHERE id = ANY($1::int[]) AND status = 'Pending' RETURNING id, execution_id`,
      [taskIds, statusCode(TaskStatus.Stopped), message],
    ),
  );
  for (const executionId of new Set(rows.map((r) => r.execution_id))) {
    await refreshExecutionStatus(db, executionId);
  }
  return rows.map((r) => r.id);
}

/** The task a job service job id belongs to (`task.job_id`, set when a worker claims it). */
export async function getTaskByJobId(db: Queryable, jobId: string): Promise<TaskRow | undefined> {
  const [row] = rowsOf<TaskRow>(
    await db.query('SELECT * FROM task WHERE job_id = $1 ORDER BY id DESC LIMIT 1', [jobId]),
  );
  return row;
}
