import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startCore } from './support/core-test-app.js';

describe('first start', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('creates admin and a public library once, and never resets the admin password', async () => {
    const first = await startCore({ adminInitialPassword: 'FirstPass1' });
    const { database } = first;
    cleanups.push(() => database.drop());
    const client = new pg.Client({ ...database.config, user: database.config.user });
    await client.connect();
    cleanups.push(() => client.end());
    const before = await client.query('SELECT password, salt FROM harbor_user WHERE username = $1', [
      'admin',
    ]);
    await first.close({ keepData: true });

    const second = await startCore({ adminInitialPassword: 'SecondPass2' }, database);
    await second.close({ keepData: true });

    const admins = await client.query('SELECT user_id, sysadmin_flag, password, salt FROM harbor_user');
    expect(admins.rows).toHaveLength(1);
    expect(admins.rows[0]).toMatchObject({ user_id: 1, sysadmin_flag: true });
    expect(admins.rows[0].password).toBe(before.rows[0].password);
    expect(admins.rows[0].password).not.toContain('FirstPass1');

    const library = await client.query(
      `SELECT p.name, m.value AS public FROM project p JOIN project_metadata m ON m.project_id = p.project_id AND m.name = 'public'`,
    );
    expect(library.rows).toEqual([{ name: 'library', public: 'true' }]);
  });
});
