import { rowsOf, type Queryable } from './task-status.js';

/** Appends a chunk (already newline-terminated lines) to a task's log. */
export async function appendTaskLog(db: Queryable, taskId: number, chunk: string): Promise<void> {
  if (chunk.length > 0)
    await db.query('INSERT INTO job_log (task_id, content) VALUES ($1, $2)', [taskId, chunk]);
}

/** The whole log of a task, or undefined when the task has none. */
export async function readTaskLog(db: Queryable, taskId: number): Promise<string | undefined> {
  const rows = rowsOf<{ content: string }>(
    await db.query('SELECT content FROM job_log WHERE task_id = $1 ORDER BY id', [taskId]),
  );
  return rows.length === 0 ? undefined : rows.map((r) => r.content).join('');
}
