import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api } from '../support/harbor-client.js';
import { seedRepository } from '../support/catalog-seed.js';
import { createProject, createUser } from '../support/fixtures.js';
import { startCore, type CoreTestApp } from '../support/core-test-app.js';

const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const digestOf = (text: string) => `sha256:${Buffer.from(text).toString('hex').padEnd(64, '0').slice(0, 64)}`;

/**
 * What harbor-cli and scripts do with lists, and what Harbor answers: repositories looked up by a fuzzy
 * name through a `q` the client encoded once more, artifacts of a multi-arch repository paged with
 * `X-Total-Count` and `Link` (children of an index left out), projects whose names look like ids,
 * labels and users found by name.
 */
describe('fidelity: listing as harbor-cli and scripts do', () => {
  let core: CoreTestApp;
  let db: DataSource;
  const get = (path: string, headers?: Record<string, string>) =>
    api(core.baseUrl, 'GET', path, { as: ADMIN, headers });

  /** A pushed multi-arch image as the registry records it: a tagged index and its untagged children. */
  async function seedIndex(projectId: number, repositoryId: number, name: string, tag: string, age: number) {
    const insert = async (digest: string, mediaType: string, pushed: number) => {
      const [row] = (await db.query(
        `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type, size, push_time)
         VALUES ($1, $2, $3, $4, 'IMAGE', $5, $5, 100, now() - make_interval(mins => $6)) RETURNING id`,
        [projectId, repositoryId, name, digest, mediaType, pushed],
      )) as [{ id: number }];
      return row.id;
    };
    const children = [];
    for (const arch of ['amd64', 'arm64']) {
      const digest = digestOf(`${name}-${tag}-${arch}`);
      const id = await insert(digest, MANIFEST, age + 1);
      children.push({ id, digest, arch });
    }
    const index = await insert(digestOf(`${name}-${tag}-index`), INDEX, age);
    await db.query('INSERT INTO tag (repository_id, artifact_id, name) VALUES ($1, $2, $3)', [
      repositoryId,
      index,
      tag,
    ]);
    for (const child of children)
      await db.query(
        `INSERT INTO artifact_reference (parent_id, child_id, child_digest, platform) VALUES ($1, $2, $3, $4)`,
        [index, child.id, child.digest, JSON.stringify({ os: 'linux', architecture: child.arch })],
      );
    return { index, children };
  }

  beforeAll(async () => {
    core = await startCore();
    db = core.app.get(DataSource);
    const projectId = await createProject(core.baseUrl, 'cli');
    const [repo] = (await db.query(
      `INSERT INTO repository (name, project_id) VALUES ('cli/multi', $1) RETURNING repository_id`,
      [projectId],
    )) as [{ repository_id: number }];
    await db.query(`INSERT INTO repository (name, project_id) VALUES ('cli/other', $1)`, [projectId]);
    await seedRepository(db, { id: projectId, name: 'cli' }, 'team/app', 1);
    await seedIndex(projectId, repo.repository_id, 'cli/multi', 'v1', 30);
    await seedIndex(projectId, repo.repository_id, 'cli/multi', 'v2', 20);
    const newest = await seedIndex(projectId, repo.repository_id, 'cli/multi', 'v3', 10);
    // A child that also carries a tag of its own is listed, as in Harbor.
    await db.query(`INSERT INTO tag (repository_id, artifact_id, name) VALUES ($1, $2, 'v3-arm64')`, [
      repo.repository_id,
      newest.children[1]!.id,
    ]);
  });
  afterAll(() => core.close());

  it('finds a repository by fuzzy name whether the client encoded q once or twice', async () => {
    for (const q of ['name%3D~ult', 'name%3D%257Eult']) {
      const found = await get(`/projects/cli/repositories?q=${q}`);
      expect(found.status).toBe(200);
      expect(found.body.map((r: { name: string }) => r.name)).toEqual(['cli/multi']);
      expect(found.body[0].artifact_count).toBe(4); // three images and one tagged child
      expect(found.headers.get('x-total-count')).toBe('1');
    }
    const exact = await get(`/projects/cli/repositories?q=${encodeURIComponent('name=cli/other')}`);
    expect(exact.body.map((r: { name: string }) => r.name)).toEqual(['cli/other']);
  });

  it('reads a repository whose name has a slash when the client encodes it twice (team%252Fapp)', async () => {
    const repository = await get('/projects/cli/repositories/team%252Fapp');
    expect(repository.status).toBe(200);
    expect(repository.body).toMatchObject({ name: 'cli/team/app', artifact_count: 1 });
    const artifacts = await get('/projects/cli/repositories/team%252Fapp/artifacts?with_tag=true');
    expect(artifacts.body.map((a: { tags: { name: string }[] }) => a.tags[0]?.name)).toEqual(['v0']);
  });

  it('pages through a multi-arch repository: the index is the artifact, X-Total-Count and Link as Harbor writes them', async () => {
    const path = '/projects/cli/repositories/multi/artifacts';
    const first = await get(`${path}?with_tag=true&page=1&page_size=3`);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-total-count')).toBe('4');
    expect(first.body.map((a: { tags: { name: string }[] }) => a.tags[0]?.name)).toEqual([
      'v3',
      'v3-arm64',
      'v2',
    ]);
    expect(first.body[0].references).toHaveLength(2);
    expect(first.headers.get('link')).toBe(`</api/v2.0${path}?page=2&page_size=3&with_tag=true>; rel="next"`);

    const second = await get(`${path}?with_tag=true&page=2&page_size=3`);
    expect(second.body.map((a: { tags: { name: string }[] }) => a.tags[0]?.name)).toEqual(['v1']);
    expect(second.headers.get('link')).toBe(
      `</api/v2.0${path}?page=1&page_size=3&with_tag=true>; rel="prev"`,
    );

    // Past the end: no rows, and no prev link either (the page before has none).
    const past = await get(`${path}?page=3&page_size=3`);
    expect(past.body).toEqual([]);
    expect(past.headers.get('x-total-count')).toBe('4');
    expect(past.headers.get('link')).toBeNull();

    // Every artifact with base=*; the q survives into the link, unescaped and in name order.
    const all = await get(`${path}?q=${encodeURIComponent('base=*')}&page_size=5`);
    expect(all.headers.get('x-total-count')).toBe('9');
    expect(all.headers.get('link')).toBe(`</api/v2.0${path}?page=2&page_size=5&q=base=*>; rel="next"`);
    const untagged = await get(`${path}?q=${encodeURIComponent('tags=nil')}`);
    expect(untagged.body).toEqual([]); // the untagged ones are all children
  });

  it('reads a project whose name looks like an id only with X-Is-Resource-Name', async () => {
    const id = await createProject(core.baseUrl, '4242');
    expect((await get('/projects/4242')).status).toBe(404);
    const byName = await get('/projects/4242', { 'X-Is-Resource-Name': 'true' });
    expect(byName.body).toMatchObject({ project_id: id, name: '4242' });
    expect((await api(core.baseUrl, 'HEAD', '/projects?project_name=4242', { as: ADMIN })).status).toBe(200);
    // terraform's data source: a fuzzy `name`, then the exact one picked from the page.
    const listed = await get('/projects?name=cl&with_detail=true');
    expect(listed.body.map((p: { name: string }) => p.name)).toEqual(['cli']);
    expect(listed.body[0]).toMatchObject({ repo_count: 3, current_user_role_id: 1 });
  });

  it('finds labels by fuzzy name in a scope, and refuses what Harbor refuses', async () => {
    for (const name of ['release', 'prerelease', 'qa'])
      expect(
        (await api(core.baseUrl, 'POST', '/labels', { as: ADMIN, body: { name, scope: 'g' } })).status,
      ).toBe(201);
    const found = await get('/labels?scope=g&name=release');
    expect(found.body.map((l: { name: string }) => l.name).sort()).toEqual(['prerelease', 'release']);
    expect(found.headers.get('x-total-count')).toBe('2');
    const noProject = await get('/labels?scope=p');
    expect(noProject.status).toBe(400);
    expect(noProject.body.errors[0].message).toBe('must with project ID when to query project labels');
    const badScope = await get('/labels?scope=x');
    expect(badScope.status).toBe(400);
    expect(badScope.body.errors[0].message).toBe('invalid scope: x');
  });

  it('finds users by name: /users/search and q on /users', async () => {
    await createUser(core.baseUrl, 'carol');
    await createUser(core.baseUrl, 'caroline');
    const search = await get('/users/search?username=carol');
    expect(search.status).toBe(200);
    expect(search.body.map((u: { username: string }) => u.username).sort()).toEqual(['carol', 'caroline']);
    expect(Object.keys(search.body[0]).sort()).toEqual(['user_id', 'username']);
    const exact = await get(`/users?q=${encodeURIComponent('username=carol')}`);
    expect(exact.body.map((u: { username: string }) => u.username)).toEqual(['carol']);
    const fuzzy = await get(`/users?q=${encodeURIComponent('username=~carol')}&sort=username`);
    expect(fuzzy.body.map((u: { username: string }) => u.username)).toEqual(['carol', 'caroline']);
  });
});
