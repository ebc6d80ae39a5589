// Harbor's perf "small" dataset, written straight into Postgres with set-based SQL (a few seconds, not hours
// of pushes): 100 projects × 100 repositories × 10 artifacts (100k), 5 tags each (500k), 100 users,
// 10 members per project, 100k audit log rows. Every 2nd project is public. One more artifact carries
// 5,000 tags, for the tag listing of an artifact.
export const DATASET = {
  projects: 100,
  reposPerProject: 100,
  artifactsPerRepo: 10,
  tagsPerArtifact: 5,
  users: 100,
  membersPerProject: 10,
  auditLogs: 100_000,
};

/** The artifact with many tags: in a repository of its own so the other repositories stay alike. */
export const MANY_TAGS = {
  project: 'proj-000',
  repository: 'tags-5000',
  digest: `sha256:${'5'.repeat(64)}`,
  tags: 5000,
};

/** Runs after core's migrations and first start (admin is user 1, `library` is project 1). */
export async function seed(client, { hash: passwordHash, salt }) {
  const d = DATASET;
  const step = async (what, sql, params = []) => {
    const started = performance.now();
    const result = await client.query(sql, params);
    console.log(
      `  seed ${what}: ${result.rowCount ?? 0} rows in ${Math.round(performance.now() - started)} ms`,
    );
  };
  await step(
    'users',
    `INSERT INTO harbor_user (username, email, password, salt, realname)
    SELECT 'user' || lpad(i::text, 3, '0'), 'user' || i || '@example.com', $1, $2, 'User ' || i FROM generate_series(1, ${d.users}) i`,
    [passwordHash, salt],
  );
  await step(
    'projects',
    `INSERT INTO project (owner_id, name)
    SELECT 1, 'proj-' || lpad(i::text, 3, '0') FROM generate_series(0, ${d.projects - 1}) i`,
  );
  await step(
    'project metadata',
    `INSERT INTO project_metadata (project_id, name, value)
    SELECT project_id, 'public', CASE WHEN substr(name, 6)::int % 2 = 0 THEN 'true' ELSE 'false' END FROM project WHERE name LIKE 'proj-%'`,
  );
  await step(
    'members',
    `INSERT INTO project_member (project_id, entity_id, entity_type, role)
    SELECT p.project_id, u.user_id, 'u', 1 + (k % 5)
      FROM project p CROSS JOIN generate_series(0, ${d.membersPerProject - 1}) k
      JOIN harbor_user u ON u.username = 'user' || lpad((1 + (substr(p.name, 6)::int * 7 + k * 10) % ${d.users})::text, 3, '0')
     WHERE p.name LIKE 'proj-%'`,
  );
  await step(
    'quotas',
    `INSERT INTO quota (reference, reference_id, hard) SELECT 'project', project_id::text, '{"storage": -1}' FROM project WHERE name LIKE 'proj-%'`,
  );
  await step(
    'quota usage',
    `INSERT INTO quota_usage (reference, reference_id, used) SELECT 'project', project_id::text, '{"storage": 1048576000}' FROM project WHERE name LIKE 'proj-%'`,
  );
  await step(
    'repositories',
    `INSERT INTO repository (name, project_id, pull_count)
    SELECT p.name || '/repo-' || lpad(r::text, 3, '0'), p.project_id, r FROM project p CROSS JOIN generate_series(0, ${d.reposPerProject - 1}) r WHERE p.name LIKE 'proj-%'`,
  );
  await step(
    'artifacts',
    `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type, size, extra_attrs, push_time)
    SELECT r.project_id, r.repository_id, r.name, 'sha256:' || md5(r.name || a) || md5(a || r.name), 'IMAGE',
           'application/vnd.oci.image.config.v1+json', 'application/vnd.oci.image.manifest.v1+json', 10485760,
           '{"architecture":"amd64","os":"linux"}', now() - (a || ' minutes')::interval
      FROM repository r CROSS JOIN generate_series(0, ${d.artifactsPerRepo - 1}) a`,
  );
  await step(
    'tags',
    `INSERT INTO tag (repository_id, artifact_id, name, push_time)
    SELECT a.repository_id, a.id, 'v' || a.id || '-' || t, a.push_time FROM artifact a CROSS JOIN generate_series(0, ${d.tagsPerArtifact - 1}) t`,
  );
  await step(
    'audit logs',
    `INSERT INTO audit_log (project_id, operation, resource_type, resource, username, op_time)
    SELECT 2 + i % ${d.projects}, (ARRAY['create','delete','pull','push'])[1 + i % 4], (ARRAY['artifact','repository','tag','project'])[1 + i % 4],
           'proj-' || lpad((i % ${d.projects})::text, 3, '0') || '/repo-' || lpad((i % ${d.reposPerProject})::text, 3, '0'),
           'user' || lpad((1 + i % ${d.users})::text, 3, '0'), now() - (i || ' seconds')::interval
      FROM generate_series(1, ${d.auditLogs}) i`,
  );
  await seedManyTags(step);
  await step('vacuum analyze', 'VACUUM ANALYZE'); // what autovacuum would have done on a live system
}

async function seedManyTags(step) {
  const m = MANY_TAGS;
  await step(
    'repository with a 5,000-tag artifact',
    `INSERT INTO repository (name, project_id) SELECT $1, project_id FROM project WHERE name = $2`,
    [`${m.project}/${m.repository}`, m.project],
  );
  await step(
    'artifact with 5,000 tags',
    `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type, size, extra_attrs)
    SELECT project_id, repository_id, name, $2, 'IMAGE', 'application/vnd.oci.image.config.v1+json',
           'application/vnd.oci.image.manifest.v1+json', 10485760, '{"architecture":"amd64","os":"linux"}'
      FROM repository WHERE name = $1`,
    [`${m.project}/${m.repository}`, m.digest],
  );
  await step(
    'its tags',
    `INSERT INTO tag (repository_id, artifact_id, name, push_time)
    SELECT a.repository_id, a.id, 'v' || t, now() - (t || ' seconds')::interval
      FROM artifact a CROSS JOIN generate_series(1, ${m.tags}) t WHERE a.digest = $1`,
    [m.digest],
  );
}

/** Random artifacts of the dataset with one of their tags, for the get-by-reference cases. */
export async function sampleArtifacts(client, count) {
  const { rows } = await client.query(
    `SELECT split_part(r.name, '/', 1) AS project, split_part(r.name, '/', 2) AS repository, a.digest, min(t.name) AS tag
       FROM artifact a TABLESAMPLE SYSTEM (5) JOIN repository r ON r.repository_id = a.repository_id
       JOIN tag t ON t.artifact_id = a.id
      WHERE r.name LIKE 'proj-%/repo-%' GROUP BY r.name, a.digest LIMIT $1`,
    [count],
  );
  return rows;
}
