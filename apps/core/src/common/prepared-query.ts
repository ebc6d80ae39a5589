import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs `text` as a named prepared statement, so Postgres parses it once per connection rather than on every
 * request. The name is derived from the text, so each distinct text is its own statement; use it only for
 * texts drawn from a small fixed set, never for texts built from user input.
 *
 * `generic`: also plan it once, for any values. Postgres otherwise re-plans a statement whose plan depends on
 * its values on every run (search: 3.2 ms planning for 4.6 ms of running, its generic plan 0.01 ms and the
 * same index scans); use it for statements whose best plan does not change with the values. It costs two
 * short round trips (the setting lives in a transaction, so it never leaks to the pooled connection).
 */
export async function preparedQuery<T>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
  options: { generic?: boolean } = {},
): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const statement = { name: `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text, values };
  if (!options.generic) return (await pool.query<T & object>(statement)).rows;
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY; SET LOCAL plan_cache_mode = force_generic_plan');
    const result = await client.query<T & object>(statement);
    await client.query('COMMIT');
    client.release();
    return result.rows;
  } catch (error) {
    // A connection left inside a failed transaction must not go back to the pool.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

/**
 * `preparedQuery` when the caller knows `text` comes from a small fixed set of shapes (a listing without
 * `q`: its filters are parameters), a plain query otherwise (each `q` gives its own text, and a statement
 * kept per text and connection would grow without bound).
 */
export function listQuery<T>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
  fixedShape: boolean,
  options: { generic?: boolean } = {},
): Promise<T[]> {
  return fixedShape
    ? preparedQuery<T>(dataSource, text, values, options)
    : (dataSource.query(text, values) as Promise<T[]>);
}
