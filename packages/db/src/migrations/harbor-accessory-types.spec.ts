import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@harbor-ts/testing';
import { dataSourceOptions } from '../data-source-options.js';
import { HarborAccessoryTypes1700000033000 } from './1700000033000-harbor-accessory-types.js';

// Real Postgres with the real migrations: accessories recorded under harbor-ts's old type names are renamed
// to Harbor's (1700000033000), the others are left as they were.
let database: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  database = await createTestDatabase('db_harbor_accessory_types');
  db = new DataSource(dataSourceOptions(database.config, { runMigrations: true }));
  await db.initialize();
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('Harbor accessory types (1700000033000)', () => {
  it('renames harbor.sbom and build.attestation rows, and leaves other types alone', async () => {
    await db.query(`INSERT INTO harbor_user (user_id, username) VALUES (100, 'owner')`);
    const [{ project_id: projectId }] = (await db.query(
      `INSERT INTO project (owner_id, name) VALUES (100, 'typed') RETURNING project_id`,
    )) as [{ project_id: number }];
    const [{ repository_id: repositoryId }] = (await db.query(
      `INSERT INTO repository (name, project_id) VALUES ('typed/app', $1) RETURNING repository_id`,
      [projectId],
    )) as [{ repository_id: number }];
    const before = ['harbor.sbom', 'build.attestation', 'signature.cosign', 'subject.accessory'];
    for (const [i, type] of before.entries()) {
      const [{ id }] = (await db.query(
        `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type)
         VALUES ($1, $2, 'typed/app', $3, 'UNKNOWN', 'application/vnd.oci.empty.v1+json',
                 'application/vnd.oci.image.manifest.v1+json') RETURNING id`,
        [projectId, repositoryId, `sha256:acc${i}`],
      )) as [{ id: number }];
      await db.query(
        `INSERT INTO artifact_accessory (artifact_id, subject_artifact_repo, subject_artifact_digest, type, size, digest)
         VALUES ($1, 'typed/app', 'sha256:subject', $2, 1, $3)`,
        [id, type, `sha256:acc${i}`],
      );
    }

    const runner = db.createQueryRunner();
    await new HarborAccessoryTypes1700000033000().up(runner);
    await runner.release();

    const rows = (await db.query(`SELECT digest, type FROM artifact_accessory ORDER BY digest`)) as {
      type: string;
    }[];
    expect(rows.map((r) => r.type)).toEqual([
      'sbom.harbor',
      'subject.accessory',
      'signature.cosign',
      'subject.accessory',
    ]);
  });
});
