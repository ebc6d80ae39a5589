import type { DataSource } from 'typeorm';

/** Writes a repository with `artifacts` artifacts (one tag each) straight into the catalogue, as a push would. */
export async function seedRepository(
  dataSource: DataSource,
  project: { id: number; name: string },
  repository: string,
  artifacts = 1,
): Promise<number> {
  const name = `${project.name}/${repository}`;
  const [row] = (await dataSource.query(
    'INSERT INTO repository (name, project_id) VALUES ($1, $2) RETURNING repository_id',
    [name, project.id],
  )) as [{ repository_id: number }];
  for (let i = 0; i < artifacts; i++) {
    const digest = `sha256:${Buffer.from(`${name}-${i}`).toString('hex').padEnd(64, '0').slice(0, 64)}`;
    const [artifact] = (await dataSource.query(
      `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type, size)
       VALUES ($1, $2, $3, $4, 'IMAGE', 'application/vnd.oci.image.config.v1+json', 'application/vnd.oci.image.manifest.v1+json', 100)
       RETURNING id`,
      [project.id, row.repository_id, name, digest],
    )) as [{ id: number }];
    await dataSource.query('INSERT INTO tag (repository_id, artifact_id, name) VALUES ($1, $2, $3)', [
      row.repository_id,
      artifact.id,
      `v${i}`,
    ]);
  }
  return row.repository_id;
}
