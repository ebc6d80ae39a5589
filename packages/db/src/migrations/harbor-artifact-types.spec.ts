import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@harbor-ts/testing';
import { dataSourceOptions } from '../data-source-options.js';
import { HarborArtifactTypes1700000033000 } from './1700000033000-harbor-artifact-types.js';

// Real Postgres with the real migrations: rows recorded under harbor-ts's earlier type names are given
// Harbor's (1700000033000) when the migration runs over them; the others are left as they were.
let database: TestDatabase;
let db: DataSource;
let projectId: number;
let repositoryId: number;
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase('db_harbor_artifact_types');
  db = new DataSource(dataSourceOptions(database.config, { runMigrations: true }));
  await db.initialize();
  await db.query(`INSERT INTO harbor_user (user_id, username) VALUES (100, 'owner')`);
  [{ project_id: projectId }] = (await db.query(
    `INSERT INTO project (owner_id, name) VALUES (100, 'typed') RETURNING project_id`,
  )) as [{ project_id: number }];
  [{ repository_id: repositoryId }] = (await db.query(
    `INSERT INTO repository (name, project_id) VALUES ('typed/app', $1) RETURNING repository_id`,
    [projectId],
  )) as [{ repository_id: number }];
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

async function artifact(type: string, artifactType: string): Promise<number> {
  const [{ id }] = (await db.query(
    `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type,
        manifest_media_type, artifact_type)
     VALUES ($1, $2, 'typed/app', $3, $4, $5, 'application/vnd.oci.image.manifest.v1+json', $5) RETURNING id`,
    [projectId, repositoryId, `sha256:t${++seq}`, type, artifactType],
  )) as [{ id: number }];
  return id;
}

async function migrate() {
  const runner = db.createQueryRunner();
  await new HarborArtifactTypes1700000033000().up(runner);
  await runner.release();
}

describe('Harbor artifact types (1700000033000)', () => {
  it("gives UNKNOWN artifacts Harbor's processor or vendor type, and leaves the rest", async () => {
    const rows: [string, string, string][] = [
      ['UNKNOWN', 'application/vnd.wasm.config.v1+json', 'WASM'],
      ['UNKNOWN', 'application/vnd.cncf.model.manifest.v1+json', 'CNAI'],
      ['UNKNOWN', 'application/vnd.caicloud.model.config.v1alpha1+json', 'MODEL'],
      ['UNKNOWN', 'application/vnd.oci.empty.v1+json', 'UNKNOWN'],
      ['UNKNOWN', 'application/vnd.dev.cosign.artifact.sig.v1+json', 'UNKNOWN'],
      ['IMAGE', 'application/vnd.oci.image.config.v1+json', 'IMAGE'],
    ];
    const ids = await Promise.all(rows.map(([type, artifactType]) => artifact(type, artifactType)));
    await migrate();
    const types = (await db.query(`SELECT id, type FROM artifact WHERE id = ANY($1)`, [ids])) as {
      id: number;
      type: string;
    }[];
    expect(ids.map((id) => types.find((t) => t.id === id)?.type)).toEqual(
      rows.map(([, , expected]) => expected),
    );
  });

  it('empties the artifact type an index repeated from its media type, and no other', async () => {
    const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
    const insert = async (artifactType: string) => {
      const [{ id }] = (await db.query(
        `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type,
            manifest_media_type, artifact_type)
         VALUES ($1, $2, 'typed/app', $3, 'IMAGE', $4, $4, $5) RETURNING id`,
        [projectId, repositoryId, `sha256:i${++seq}`, OCI_INDEX, artifactType],
      )) as [{ id: number }];
      return id;
    };
    const repeated = await insert(OCI_INDEX);
    const named = await insert('application/vnd.acme.rocket.config.v1+json');
    await migrate();
    const rows = (await db.query(`SELECT id, artifact_type FROM artifact WHERE id IN ($1, $2) ORDER BY id`, [
      repeated,
      named,
    ])) as { artifact_type: string }[];
    expect(rows.map((r) => r.artifact_type)).toEqual(['', 'application/vnd.acme.rocket.config.v1+json']);
  });

  it('renames harbor.sbom and build.attestation accessories, and leaves other types alone', async () => {
    const before = ['harbor.sbom', 'build.attestation', 'signature.cosign', 'subject.accessory'];
    const ids: number[] = [];
    for (const type of before) {
      const id = await artifact('UNKNOWN', 'application/vnd.oci.empty.v1+json');
      await db.query(
        `INSERT INTO artifact_accessory (artifact_id, subject_artifact_repo, subject_artifact_digest, type, size, digest)
         VALUES ($1, 'typed/app', 'sha256:subject', $2, 1, (SELECT digest FROM artifact WHERE id = $1))`,
        [id, type],
      );
      ids.push(id);
    }
    await migrate();
    const rows = (await db.query(
      `SELECT artifact_id, type FROM artifact_accessory WHERE artifact_id = ANY($1)`,
      [ids],
    )) as { artifact_id: number; type: string }[];
    expect(ids.map((id) => rows.find((r) => r.artifact_id === id)?.type)).toEqual([
      'sbom.harbor',
      'subject.accessory',
      'signature.cosign',
      'subject.accessory',
    ]);
  });
});
