import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs `text` as a named prepared statement, so Postgres plans it once per connection rather than on every
 * request. For a query whose planning costs more than its execution (search: 2.3 ms planning, 1.4 ms
 * running), that halves its time. The name is derived from the text, so each distinct text is its own
 * statement; use it only for texts drawn from a small fixed set, never for texts built from user input.
 */
export async function preparedQuery<T>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  const result = await pool.query<T & object>({ name, text, values });
  return result.rows;
}
