import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedQuery } from '../src/common/prepared-query.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';

/** The generic-plan path of preparedQuery against core's own pool: right rows, and nothing leaks to the pool. */
describe('preparedQuery with a generic plan', () => {
  let core: CoreTestApp;
  let db: DataSource;
  const pool = () => (db.driver as unknown as { master: Pool }).master;

  beforeAll(async () => {
    core = await startCore();
    db = core.app.get(DataSource);
  });
  afterAll(() => core.close());

  it('answers with the rows for each set of values, planned once', async () => {
    const text = 'SELECT username FROM harbor_user WHERE user_id = $1';
    for (let i = 0; i < 8; i++)
      expect(await preparedQuery(db, text, [1], { generic: true })).toEqual([{ username: 'admin' }]);
    expect(await preparedQuery(db, text, [424242], { generic: true })).toEqual([]);
  });

  it('leaves the pooled connections as they were, also after a failing statement', async () => {
    await expect(preparedQuery(db, 'SELECT 1/$1::int AS x', [0], { generic: true })).rejects.toThrow(
      /division by zero/,
    );
    // Every idle connection: outside any transaction and with the default plan cache mode.
    const clients = await Promise.all(Array.from({ length: pool().totalCount }, () => pool().connect()));
    try {
      for (const client of clients) {
        const [mode] = (await client.query('SHOW plan_cache_mode')).rows as [{ plan_cache_mode: string }];
        expect(mode.plan_cache_mode).toBe('auto');
        const [state] = (await client.query('SELECT now() = statement_timestamp() AS outside')).rows as [
          { outside: boolean },
        ];
        expect(state.outside).toBe(true);
      }
    } finally {
      for (const client of clients) client.release();
    }
    expect(await preparedQuery(db, 'SELECT 2 AS x', [], { generic: true })).toEqual([{ x: 2 }]);
  });
});
