/** Harbor's task and execution statuses. */
export const TaskStatus = {
  Pending: 'Pending',
  Running: 'Running',
  Stopped: 'Stopped',
  Error: 'Error',
  Success: 'Success',
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

export const FINAL_STATUSES: readonly TaskStatus[] = [
  TaskStatus.Stopped,
  TaskStatus.Error,
  TaskStatus.Success,
];

/** Ordered like Harbor's status codes: a task only ever moves to a higher code. */
export function statusCode(status: TaskStatus): number {
  return status === TaskStatus.Pending ? 0 : status === TaskStatus.Running ? 1 : 2;
}

/** How an execution was started; Harbor's `trigger` / `job_kind` values. */
export const Trigger = { Manual: 'MANUAL', Schedule: 'SCHEDULE', Event: 'EVENT' } as const;
export type Trigger = (typeof Trigger)[keyof typeof Trigger];

/** Anything that runs SQL with parameters: a DataSource, an EntityManager or a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The rows of a query result. TypeORM answers UPDATE and DELETE (also under WITH) with
 * `[rows, affected]` and everything else with the rows, so callers never guess.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
