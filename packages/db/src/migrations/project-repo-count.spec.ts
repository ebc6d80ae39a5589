import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@harbor-ts/testing';
import { dataSourceOptions } from '../data-source-options.js';

// Real Postgres with the real migrations: project.repo_count (1700000034000) against the repositories a
// project holds, through every change that moves it, and with two writers at once.
let database: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  database = await createTestDatabase('db_project_repo_count');
  db = new DataSource(dataSourceOptions(database.config, { runMigrations: true }));
  await db.initialize();
  await db.query(`INSERT INTO harbor_user (user_id, username) VALUES (100, 'owner')`);
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

async function project(name: string): Promise<number> {
  const [row] = (await db.query(
    `INSERT INTO project (owner_id, name) VALUES (100, $1) RETURNING project_id`,
    [name],
  )) as [{ project_id: number }];
  return row.project_id;
}

// What a push runs for its repository (push-recorder.service.ts).
const upsert = (run: Pick<DataSource, 'query'>, projectId: number, name: string) =>
  run.query(
    `INSERT INTO repository (name, project_id) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET update_time = now() RETURNING repository_id`,
    [name, projectId],
  );

async function kept(projectId: number): Promise<{ kept: number; counted: number }> {
  const [row] = (await db.query(
    `SELECT p.repo_count AS kept, (SELECT count(*)::int FROM repository r WHERE r.project_id = p.project_id) AS counted
       FROM project p WHERE p.project_id = $1`,
    [projectId],
  )) as [{ kept: number; counted: number }];
  return row;
}

describe('project.repo_count', () => {
  it('follows repositories created, pushed again, moved and deleted', async () => {
    const one = await project('one');
    const two = await project('two');
    expect(await kept(one)).toEqual({ kept: 0, counted: 0 });
    await upsert(db, one, 'one/a');
    await upsert(db, one, 'one/b');
    await upsert(db, one, 'one/a'); // a push to an existing repository
    expect(await kept(one)).toEqual({ kept: 2, counted: 2 });
    await db.query(
      `INSERT INTO repository (name, project_id) VALUES ('two/a', $1), ('two/b', $1), ('one/c', $2)`,
      [two, one],
    );
    expect(await kept(one)).toEqual({ kept: 3, counted: 3 });
    expect(await kept(two)).toEqual({ kept: 2, counted: 2 });
    await db.query(`UPDATE repository SET project_id = $1 WHERE name = 'one/c'`, [two]);
    expect(await kept(one)).toEqual({ kept: 2, counted: 2 });
    expect(await kept(two)).toEqual({ kept: 3, counted: 3 });
    await db.query(`DELETE FROM repository WHERE name IN ('one/a', 'two/a', 'one/c')`);
    expect(await kept(one)).toEqual({ kept: 1, counted: 1 });
    expect(await kept(two)).toEqual({ kept: 1, counted: 1 });
  });

  it('counts both of two transactions creating repositories in one project at once', async () => {
    const busy = await project('busy');
    const first = db.createQueryRunner();
    const second = db.createQueryRunner();
    try {
      await first.startTransaction();
      await second.startTransaction();
      await upsert(first, busy, 'busy/first');
      // The second waits for the first's lock on the project row, then counts what the first committed.
      const waiting = upsert(second, busy, 'busy/second').then(() => second.commitTransaction());
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.commitTransaction();
      await waiting;
    } finally {
      await first.release();
      await second.release();
    }
    expect(await kept(busy)).toEqual({ kept: 2, counted: 2 });
  });

  it('a rolled-back repository leaves the count as it was', async () => {
    const quiet = await project('quiet');
    await upsert(db, quiet, 'quiet/kept');
    const runner = db.createQueryRunner();
    try {
      await runner.startTransaction();
      await upsert(runner, quiet, 'quiet/dropped');
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    expect(await kept(quiet)).toEqual({ kept: 1, counted: 1 });
  });
});
