import { createHash } from 'node:crypto';
import pg, { type Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs `text` as a named prepared statement, so Postgres parses it once per connection rather than on every
 * request. The name is derived from the text, so each distinct text is its own statement; use it only for
 * texts drawn from a small fixed set, never for texts built from user input.
 *
 * `generic`: also plan it once, for any values. Postgres otherwise re-plans a statement whose plan depends on
 * its values on every run (search: 3.2 ms planning for 4.6 ms of running, its generic plan 0.01 ms and the
 * same index scans); use it for statements whose best plan does not change with the values. Such statements
 * run on connections of their own, opened with `plan_cache_mode = force_generic_plan`: one round trip, where
 * setting the mode in a transaction around each statement took three.
 */
export async function preparedQuery<T>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
  options: { generic?: boolean } = {},
): Promise<T[]> {
  const pool = options.generic ? genericPlanPool(dataSource) : masterPool(dataSource);
  const statement = { name: `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text, values };
  return (await pool.query<T & object>(statement)).rows;
}

const masterPool = (dataSource: DataSource) => (dataSource.driver as unknown as { master: Pool }).master;

// Keyed by data source, not by its pool: TypeORM forgets its pool when it closes, before or after our hook.
const genericPlanPools = new WeakMap<DataSource, Pool>();

/**
 * The pool for generic plans beside a data source's own: the same database, limits and lifetimes, opened
 * lazily (a process that never asks for a generic plan opens none of its connections). Only named
 * statements run on it, so the forced mode never reaches a statement planned for its values.
 */
function genericPlanPool(dataSource: DataSource): Pool {
  let pool = genericPlanPools.get(dataSource);
  if (!pool) {
    const master = masterPool(dataSource);
    const given = (master.options as { options?: string }).options;
    pool = new pg.Pool({
      ...master.options,
      password: master.options.password, // pg-pool keeps it out of the enumerable options
      options: [given, '-c plan_cache_mode=force_generic_plan'].filter(Boolean).join(' '),
    });
    // An idle connection that breaks (a database restart) is dropped by the pool; not a crash.
    pool.on('error', () => undefined);
    genericPlanPools.set(dataSource, pool);
  }
  return pool;
}

/** Closes the generic-plan connections of a data source; call when the data source is closed. */
export async function endGenericPlanPool(dataSource: DataSource): Promise<void> {
  const pool = genericPlanPools.get(dataSource);
  if (!pool) return;
  genericPlanPools.delete(dataSource);
  await pool.end();
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
