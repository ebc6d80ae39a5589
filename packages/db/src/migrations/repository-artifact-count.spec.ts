import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@harbor-ts/testing';
import { dataSourceOptions } from '../data-source-options.js';

// Real Postgres with the real migrations: repository.artifact_count (1700000031000) against what a default
// artifact list shows, through every change that moves it, and with two writers at once.
let database: TestDatabase;
let db: DataSource;
let projectId: number;
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase('db_artifact_count');
  db = new DataSource(dataSourceOptions(database.config, { runMigrations: true }));
  await db.initialize();
  await db.query(`INSERT INTO harbor_user (user_id, username) VALUES (100, 'owner')`);
  [{ project_id: projectId }] = (await db.query(
    `INSERT INTO project (owner_id, name) VALUES (100, 'counted') RETURNING project_id`,
  )) as [{ project_id: number }];
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

async function repository(name: string): Promise<number> {
  const [row] = (await db.query(
    `INSERT INTO repository (name, project_id) VALUES ($1, $2) RETURNING repository_id`,
    [`counted/${name}`, projectId],
  )) as [{ repository_id: number }];
  return row.repository_id;
}

async function artifact(repositoryId: number, run: Pick<DataSource, 'query'> = db): Promise<number> {
  const [row] = (await run.query(
    `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type)
     SELECT $1, $2, name, $3, 'IMAGE', 'application/vnd.oci.image.config.v1+json',
            'application/vnd.oci.image.manifest.v1+json' FROM repository WHERE repository_id = $2
     RETURNING id`,
    [projectId, repositoryId, `sha256:c${++seq}`],
  )) as [{ id: number }];
  return row.id;
}

const tag = (repositoryId: number, artifactId: number, name: string) =>
  db.query(`INSERT INTO tag (repository_id, artifact_id, name) VALUES ($1, $2, $3)`, [
    repositoryId,
    artifactId,
    name,
  ]);

async function count(repositoryId: number): Promise<number> {
  const [row] = (await db.query('SELECT artifact_count FROM repository WHERE repository_id = $1', [
    repositoryId,
  ])) as [{ artifact_count: number }];
  return row.artifact_count;
}

describe('repository.artifact_count', () => {
  it('counts what a default artifact list shows: no accessory, no untagged child of an index', async () => {
    const repo = await repository('app');
    expect(await count(repo)).toBe(0);
    const index = await artifact(repo);
    const [amd64, arm64] = [await artifact(repo), await artifact(repo)];
    expect(await count(repo)).toBe(3);
    await db.query(
      `INSERT INTO artifact_reference (parent_id, child_id, child_digest)
       SELECT $1, id, digest FROM artifact WHERE id = ANY($2)`,
      [index, [amd64, arm64]],
    );
    expect(await count(repo)).toBe(1); // the index; its untagged children are left out
    await tag(repo, arm64, 'arm');
    expect(await count(repo)).toBe(2); // a tagged child shows
    const signature = await artifact(repo);
    expect(await count(repo)).toBe(3);
    await db.query(
      `INSERT INTO artifact_accessory (artifact_id, subject_artifact_id, subject_artifact_repo, subject_artifact_digest, type, size, digest)
       SELECT $1, $2, 'counted/app', 'sha256:x', 'signature.cosign', 1, 'sha256:y'`,
      [signature, index],
    );
    expect(await count(repo)).toBe(2); // an accessory never shows

    // A tag moving off the child makes it untagged again; moving to another repository's artifact
    // recounts both.
    const other = await repository('other');
    const elsewhere = await artifact(other);
    await db.query(
      `UPDATE tag SET artifact_id = $2, repository_id = $3 WHERE repository_id = $1 AND name = 'arm'`,
      [repo, elsewhere, other],
    );
    expect([await count(repo), await count(other)]).toEqual([1, 1]);
    await db.query('UPDATE tag SET pull_time = now()'); // not a move: nothing to recount, nothing changes
    expect([await count(repo), await count(other)]).toEqual([1, 1]);

    // Deleting the index frees its children (untagged, no longer referenced): they show again.
    await db.query('DELETE FROM artifact_reference WHERE parent_id = $1', [index]);
    await db.query('DELETE FROM artifact WHERE id = $1', [index]);
    expect(await count(repo)).toBe(2);
    await db.query('DELETE FROM artifact WHERE repository_id = $1', [repo]);
    expect(await count(repo)).toBe(0);
  });

  it('stays exact with two transactions writing to one repository at once', async () => {
    const repo = await repository('busy');
    const first = db.createQueryRunner();
    const second = db.createQueryRunner();
    await Promise.all([first.connect(), second.connect()]);
    try {
      await first.startTransaction();
      await second.startTransaction();
      await artifact(repo, first);
      // The second waits on the repository row the first locked, then counts what the first committed.
      const waiting = artifact(repo, second);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.commitTransaction();
      await waiting;
      await second.commitTransaction();
    } finally {
      await Promise.all([first.release(), second.release()]);
    }
    expect(await count(repo)).toBe(2);
  });
});
