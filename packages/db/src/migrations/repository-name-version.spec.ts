import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@harbor-ts/testing';
import { dataSourceOptions } from '../data-source-options.js';

// Real Postgres with the real migrations: repository_name_version (1700000032000), which tells core's
// copy of the repository names (search) that it is outdated.
let database: TestDatabase;
let db: DataSource;
let projectId: number;

beforeAll(async () => {
  database = await createTestDatabase('db_repository_name_version');
  db = new DataSource(dataSourceOptions(database.config, { runMigrations: true }));
  await db.initialize();
  await db.query(`INSERT INTO harbor_user (user_id, username) VALUES (100, 'owner')`);
  [{ project_id: projectId }] = (await db.query(
    `INSERT INTO project (owner_id, name) VALUES (100, 'named') RETURNING project_id`,
  )) as [{ project_id: number }];
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

const version = async (run: Pick<DataSource, 'query'> = db) =>
  Number(
    ((await run.query('SELECT version FROM repository_name_version')) as [{ version: string }])[0].version,
  );

// What a push runs for its repository (push-recorder.service.ts).
const upsert = (name: string) =>
  db.query(
    `INSERT INTO repository (name, project_id) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET update_time = now() RETURNING repository_id`,
    [`named/${name}`, projectId],
  );

describe('repository_name_version', () => {
  it('moves when a repository is created, renamed or deleted, not when a push upserts an existing one', async () => {
    const start = await version();
    await upsert('app');
    expect(await version()).toBe(start + 1);
    await upsert('app');
    await db.query(`UPDATE repository SET pull_count = pull_count + 1 WHERE name = 'named/app'`);
    expect(await version()).toBe(start + 1);
    await db.query(`UPDATE repository SET name = 'named/renamed' WHERE name = 'named/app'`);
    expect(await version()).toBe(start + 2);
    await db.query(`DELETE FROM repository WHERE name = 'nothing/here'`);
    expect(await version()).toBe(start + 2);
    await db.query(`DELETE FROM repository WHERE name = 'named/renamed'`);
    expect(await version()).toBe(start + 3);
  });

  it('is moved in the creating transaction: a reader sees the new version only with the new name', async () => {
    const start = await version();
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`INSERT INTO repository (name, project_id) VALUES ('named/pending', $1)`, [
        projectId,
      ]);
      expect(await version(runner)).toBe(start + 1);
      expect(await version()).toBe(start);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const [seen] = (await db.query(
      `SELECT v.version, count(r.*)::int AS named FROM repository_name_version v
         LEFT JOIN repository r ON r.name = 'named/pending' GROUP BY v.version`,
    )) as [{ version: string; named: number }];
    expect({ version: Number(seen.version), named: seen.named }).toEqual({ version: start + 1, named: 1 });
  });
});
