import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@harbor-ts/testing';
import { dataSourceOptions } from '../data-source-options.js';
import { ArtifactReferencedError, deleteArtifactsDeep } from './artifact-delete.js';
import { releaseQuota } from './quota.js';

// Real Postgres with the real migrations: the catalogue as pushes leave it, written by hand.
let database: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  database = await createTestDatabase('db_stores');
  db = new DataSource(dataSourceOptions(database.config, { runMigrations: true }));
  await db.initialize();
  await db.query(`INSERT INTO harbor_user (user_id, username) VALUES (100, 'owner')`);
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

let seq = 0;
async function project(name: string): Promise<number> {
  const [row] = (await db.query(
    `INSERT INTO project (owner_id, name) VALUES (100, $1) RETURNING project_id`,
    [name],
  )) as { project_id: number }[];
  const id = row!.project_id;
  await db.query(
    `INSERT INTO quota_usage (reference, reference_id, used) VALUES ('project', $1, '{"storage": 1000}')`,
    [String(id)],
  );
  return id;
}

/** An artifact in `repository` holding `blobs` (digest → size), claimed by its project. */
async function artifact(projectId: number, repository: string, blobs: Record<string, number>, tag?: string) {
  const [repo] = (await db.query(
    `INSERT INTO repository (name, project_id) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET update_time = now() RETURNING repository_id`,
    [repository, projectId],
  )) as { repository_id: number }[];
  const digest = `sha256:m${++seq}`;
  const [row] = (await db.query(
    `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type)
     VALUES ($1, $2, $3, $4, 'IMAGE', 'application/vnd.oci.image.config.v1+json', 'application/vnd.oci.image.manifest.v1+json')
     RETURNING id`,
    [projectId, repo!.repository_id, repository, digest],
  )) as { id: number }[];
  for (const [blob, size] of Object.entries({ [digest]: 10, ...blobs })) {
    await db.query('INSERT INTO blob (digest, size) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING', [
      blob,
      size,
    ]);
    await db.query(
      'INSERT INTO artifact_blob (digest_af, digest_blob) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [digest, blob],
    );
    await db.query(
      `INSERT INTO project_blob (project_id, blob_id) SELECT $1, id FROM blob WHERE digest = $2 ON CONFLICT DO NOTHING`,
      [projectId, blob],
    );
  }
  if (tag)
    await db.query('INSERT INTO tag (repository_id, artifact_id, name) VALUES ($1, $2, $3)', [
      repo!.repository_id,
      row!.id,
      tag,
    ]);
  return { id: row!.id, digest, repository };
}

async function accessory(
  of: { digest: string; repository: string },
  signature: { id: number; digest: string },
) {
  await db.query(
    `INSERT INTO artifact_accessory (artifact_id, subject_artifact_repo, subject_artifact_digest, type, digest)
     VALUES ($1, $2, $3, 'signature.cosign', $4)`,
    [signature.id, of.repository, of.digest, signature.digest],
  );
}

async function reference(parent: { id: number }, child: { id: number; digest: string }) {
  await db.query('INSERT INTO artifact_reference (parent_id, child_id, child_digest) VALUES ($1, $2, $3)', [
    parent.id,
    child.id,
    child.digest,
  ]);
}

const remaining = async (ids: number[]) =>
  (
    (await db.query('SELECT id FROM artifact WHERE id = ANY($1::int[]) ORDER BY id', [ids])) as {
      id: number;
    }[]
  ).map((r) => r.id);

describe('deleteArtifactsDeep', () => {
  it('takes accessories and untagged, unshared index children; trashes them; frees only unshared blobs', async () => {
    const p = await project('deep');
    const child = await artifact(p, 'deep/app', { 'sha256:layer-a': 100, 'sha256:shared': 50 });
    const taggedChild = await artifact(p, 'deep/app', { 'sha256:layer-b': 200 }, 'pinned');
    const index = await artifact(p, 'deep/app', {}, 'latest');
    await reference(index, child);
    await reference(index, taggedChild);
    const signature = await artifact(p, 'deep/app', { 'sha256:sig': 7 });
    await accessory(index, signature);
    const keeper = await artifact(p, 'deep/other', { 'sha256:shared': 50 }, 'v1');

    const { deleted, freedByProject } = await db.transaction((m) => deleteArtifactsDeep(m, [index.id]));

    expect(deleted.map((d) => d.id)).toEqual([index.id, child.id, signature.id]);
    expect(deleted[0]).toEqual({
      id: index.id,
      project_id: p,
      repository_name: 'deep/app',
      digest: index.digest,
    });
    expect(await remaining([index.id, child.id, taggedChild.id, signature.id, keeper.id])).toEqual([
      taggedChild.id,
      keeper.id,
    ]);
    const trash = (await db.query('SELECT digest FROM artifact_trash ORDER BY digest')) as {
      digest: string;
    }[];
    expect(trash.map((t) => t.digest)).toEqual([index.digest, child.digest, signature.digest].sort());
    // Three manifests (10 each), layer-a and the signature's layer; `shared` is still used by `keeper`.
    expect(freedByProject).toEqual(new Map([[p, 30 + 100 + 7]]));
  });

  it('refuses a root an index still lists, and changes nothing', async () => {
    const p = await project('listed');
    const child = await artifact(p, 'listed/app', {});
    const index = await artifact(p, 'listed/app', {}, 'latest');
    await reference(index, child);
    await expect(db.transaction((m) => deleteArtifactsDeep(m, [child.id]))).rejects.toBeInstanceOf(
      ArtifactReferencedError,
    );
    expect(await remaining([child.id, index.id])).toEqual([child.id, index.id]);
    // With its index among the roots, it goes.
    const { deleted } = await db.transaction((m) => deleteArtifactsDeep(m, [index.id, child.id]));
    expect(deleted.map((d) => d.id)).toEqual([index.id, child.id]);
  });

  it('reports bytes per project when roots span projects, and skips roots that no longer exist', async () => {
    const [a, b] = [await project('span-a'), await project('span-b')];
    const inA = await artifact(a, 'span-a/app', { 'sha256:span': 40 });
    const inB = await artifact(b, 'span-b/app', { 'sha256:span': 40 });
    const { deleted, freedByProject } = await db.transaction((m) =>
      deleteArtifactsDeep(m, [inA.id, 999_999, inB.id]),
    );
    expect(deleted.map((d) => d.id)).toEqual([inA.id, inB.id]);
    expect(freedByProject).toEqual(
      new Map([
        [a, 50],
        [b, 50],
      ]),
    );
  });
});

describe('releaseQuota', () => {
  it('lowers the project storage usage, never below zero', async () => {
    const p = await project('quota');
    const used = async () =>
      Number(
        (
          (await db.query(`SELECT used->>'storage' AS s FROM quota_usage WHERE reference_id = $1`, [
            String(p),
          ])) as { s: string }[]
        )[0]?.s,
      );
    await releaseQuota(db.manager, p, 300);
    expect(await used()).toBe(700);
    await releaseQuota(db.manager, p, 5000);
    expect(await used()).toBe(0);
    await expect(releaseQuota(db.manager, p, -1)).rejects.toThrow();
  });
});
