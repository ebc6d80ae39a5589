import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@harbor-ts/testing';
import { dataSourceOptions } from '../data-source-options.js';

// Real Postgres with the real migrations: artifact.tag_count (1700000035000) against the tags an artifact
// holds, through every change that moves it, and with two writers at once.
let database: TestDatabase;
let db: DataSource;
let repositoryId: number;
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase('db_artifact_tag_count');
  db = new DataSource(dataSourceOptions(database.config, { runMigrations: true }));
  await db.initialize();
  await db.query(`INSERT INTO harbor_user (user_id, username) VALUES (100, 'owner')`);
  const [{ project_id: projectId }] = (await db.query(
    `INSERT INTO project (owner_id, name) VALUES (100, 'tagged') RETURNING project_id`,
  )) as [{ project_id: number }];
  [{ repository_id: repositoryId }] = (await db.query(
    `INSERT INTO repository (name, project_id) VALUES ('tagged/app', $1) RETURNING repository_id`,
    [projectId],
  )) as [{ repository_id: number }];
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

async function artifact(): Promise<number> {
  const [row] = (await db.query(
    `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type)
     SELECT project_id, repository_id, name, $2, 'IMAGE', 'application/vnd.oci.image.config.v1+json',
            'application/vnd.oci.image.manifest.v1+json' FROM repository WHERE repository_id = $1
     RETURNING id`,
    [repositoryId, `sha256:t${++seq}`],
  )) as [{ id: number }];
  return row.id;
}

const tag = (artifactId: number, name: string, run: Pick<DataSource, 'query'> = db) =>
  run.query(`INSERT INTO tag (repository_id, artifact_id, name) VALUES ($1, $2, $3)`, [
    repositoryId,
    artifactId,
    name,
  ]);

async function kept(artifactId: number): Promise<{ kept: number; counted: number }> {
  const [row] = (await db.query(
    `SELECT a.tag_count AS kept, (SELECT count(*)::int FROM tag t WHERE t.artifact_id = a.id) AS counted
       FROM artifact a WHERE a.id = $1`,
    [artifactId],
  )) as [{ kept: number; counted: number }];
  return row;
}

describe('artifact.tag_count', () => {
  it('follows tags added, moved to another artifact and deleted', async () => {
    const one = await artifact();
    const two = await artifact();
    expect(await kept(one)).toEqual({ kept: 0, counted: 0 });
    await tag(one, 'v1');
    await db.query(
      `INSERT INTO tag (repository_id, artifact_id, name) VALUES ($1, $2, 'v2'), ($1, $2, 'v3'), ($1, $3, 'w1')`,
      [repositoryId, one, two],
    );
    expect(await kept(one)).toEqual({ kept: 3, counted: 3 });
    expect(await kept(two)).toEqual({ kept: 1, counted: 1 });
    // A tag pushed again onto another manifest moves to that artifact.
    await db.query(`UPDATE tag SET artifact_id = $1 WHERE name = 'v3' AND repository_id = $2`, [
      two,
      repositoryId,
    ]);
    expect(await kept(one)).toEqual({ kept: 2, counted: 2 });
    expect(await kept(two)).toEqual({ kept: 2, counted: 2 });
    await db.query(`DELETE FROM tag WHERE name IN ('v1', 'w1') AND repository_id = $1`, [repositoryId]);
    expect(await kept(one)).toEqual({ kept: 1, counted: 1 });
    expect(await kept(two)).toEqual({ kept: 1, counted: 1 });
  });

  it('counts both of two transactions tagging one artifact at once', async () => {
    const busy = await artifact();
    const first = db.createQueryRunner();
    const second = db.createQueryRunner();
    try {
      await first.startTransaction();
      await second.startTransaction();
      await tag(busy, 'first', first);
      // The second waits for the first's lock on the artifact row, then counts what the first committed.
      const waiting = tag(busy, 'second', second).then(() => second.commitTransaction());
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.commitTransaction();
      await waiting;
    } finally {
      await first.release();
      await second.release();
    }
    expect(await kept(busy)).toEqual({ kept: 2, counted: 2 });
  });
});
