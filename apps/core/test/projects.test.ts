import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { ConfigurationService } from '../src/system/configuration.service.js';
import { expectSchema } from './support/swagger-schema.js';

describe('projects', () => {
  let core: CoreTestApp;
  let owner: Credentials & { userId: number };
  let outsider: Credentials & { userId: number };
  beforeAll(async () => {
    core = await startCore();
    owner = await createUser(core.baseUrl, 'owner');
    outsider = await createUser(core.baseUrl, 'outsider');
  });
  afterAll(() => core.close());

  it('creates a project whose creator becomes projectAdmin, with a quota', async () => {
    const projectId = await createProject(core.baseUrl, 'team-a', { as: owner });
    const got = await api(core.baseUrl, 'GET', `/projects/${projectId}`, { as: owner });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      project_id: projectId,
      name: 'team-a',
      owner_id: owner.userId,
      owner_name: 'owner',
      repo_count: 0,
      current_user_role_id: 1,
      current_user_role_ids: [1],
      metadata: { public: 'false' },
    });
    const summary = await api(core.baseUrl, 'GET', `/projects/${projectId}/summary`, { as: owner });
    expect(summary.body).toMatchObject({
      repo_count: 0,
      project_admin_count: 1,
      quota: { hard: { storage: -1 }, used: { storage: 0 } },
    });
  });

  it('applies storage_limit for admins', async () => {
    const created = await api(core.baseUrl, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'limited', storage_limit: 1024 },
    });
    expect(created.status).toBe(201);
    const summary = await api(core.baseUrl, 'GET', '/projects/limited/summary', { as: ADMIN });
    expect(summary.body.quota.hard).toEqual({ storage: 1024 });
  });

  it.each(['Upper', 'a..b', '-lead', 'has space', '', 'x'.repeat(256)])(
    'refuses the name %j with 400',
    async (name) => {
      const response = await api(core.baseUrl, 'POST', '/projects', {
        as: owner,
        body: { project_name: name },
      });
      expect(response.status).toBe(400);
    },
  );

  it('answers 409 for a taken name and HEAD tells whether a name exists', async () => {
    await createProject(core.baseUrl, 'taken');
    expect(
      (await api(core.baseUrl, 'POST', '/projects', { as: owner, body: { project_name: 'taken' } })).status,
    ).toBe(409);
    expect((await api(core.baseUrl, 'HEAD', '/projects?project_name=taken', { as: owner })).status).toBe(200);
    expect((await api(core.baseUrl, 'HEAD', '/projects?project_name=free', { as: owner })).status).toBe(404);
  });

  it('refuses non-admins when creation is restricted to admins', async () => {
    const configuration = core.app.get(ConfigurationService);
    await configuration.set({ project_creation_restriction: 'adminonly' });
    expect(
      (await api(core.baseUrl, 'POST', '/projects', { as: owner, body: { project_name: 'restricted' } }))
        .status,
    ).toBe(403);
    expect(
      (await api(core.baseUrl, 'POST', '/projects', { as: ADMIN, body: { project_name: 'restricted' } }))
        .status,
    ).toBe(201);
    await configuration.set({ project_creation_restriction: 'everyone' });
    expect((await api(core.baseUrl, 'POST', '/projects', { body: { project_name: 'anon' } })).status).toBe(
      401,
    );
  });

  it('lists public projects and memberships for users, all for admin, public only for anonymous', async () => {
    await createProject(core.baseUrl, 'vis-public', { public: true });
    const privateId = await createProject(core.baseUrl, 'vis-private');
    await createProject(core.baseUrl, 'vis-hidden');
    await addMember(core.baseUrl, privateId, 'outsider', 3);
    const names = async (as?: Credentials) =>
      (await api(core.baseUrl, 'GET', '/projects?name=vis-&page_size=100', { as })).body
        .map((p: { name: string }) => p.name)
        .sort();
    expect(await names(ADMIN)).toEqual(['vis-hidden', 'vis-private', 'vis-public']);
    expect(await names(outsider)).toEqual(['vis-private', 'vis-public']);
    expect(await names(owner)).toEqual(['vis-public']);
    expect(await names()).toEqual(['vis-public']);
    const listed = await api(core.baseUrl, 'GET', '/projects?name=vis-private', { as: outsider });
    expect(listed.body[0]).toMatchObject({ current_user_role_id: 3, current_user_role_ids: [3] });
    expect(
      (await api(core.baseUrl, 'GET', '/projects?public=true&q=name%3D~vis-', { as: ADMIN })).body,
    ).toHaveLength(1);
    expect((await api(core.baseUrl, 'GET', '/projects/vis-hidden', { as: outsider })).status).toBe(403);
    expect((await api(core.baseUrl, 'GET', '/projects/vis-hidden')).status).toBe(401);
    expect((await api(core.baseUrl, 'GET', '/projects/vis-public')).status).toBe(200);
  });

  it('pages with X-Total-Count and Link', async () => {
    for (const n of [1, 2, 3]) await createProject(core.baseUrl, `page-${n}`);
    const first = await api(core.baseUrl, 'GET', '/projects?name=page-&page=1&page_size=2&sort=name', {
      as: ADMIN,
    });
    expect(first.headers.get('x-total-count')).toBe('3');
    expect(first.headers.get('link')).toBe(
      '</api/v2.0/projects?name=page-&page=2&page_size=2&sort=name>; rel="next"',
    );
    const second = await api(core.baseUrl, 'GET', '/projects?name=page-&page=2&page_size=2&sort=name', {
      as: ADMIN,
    });
    expect(second.body.map((p: { name: string }) => p.name)).toEqual(['page-3']);
    expect(second.headers.get('link')).toContain('rel="prev"');
  });

  it('resolves a numeric name with X-Is-Resource-Name', async () => {
    const id = await createProject(core.baseUrl, '12345');
    const byName = await api(core.baseUrl, 'GET', '/projects/12345', {
      as: ADMIN,
      headers: { 'x-is-resource-name': 'true' },
    });
    expect(byName.body.project_id).toBe(id);
    expect((await api(core.baseUrl, 'GET', '/projects/12345', { as: ADMIN })).status).toBe(404);
  });

  it('answers out-of-range ids and filters as client errors, never 500', async () => {
    expect((await api(core.baseUrl, 'GET', '/projects/99999999999', { as: ADMIN })).status).toBe(404);
    expect(
      (await api(core.baseUrl, 'GET', '/projects?q=project_id%3D99999999999', { as: ADMIN })).status,
    ).toBe(400);
    expect((await api(core.baseUrl, 'GET', '/users/99999999999', { as: ADMIN })).status).toBe(400);
    expect(
      (await api(core.baseUrl, 'GET', '/robots?q=Level%3Dproject,ProjectID%3D99999999999', { as: owner }))
        .status,
    ).toBe(400);
  });

  it('updates metadata and reads it back through /metadatas', async () => {
    const id = await createProject(core.baseUrl, 'meta', { as: owner });
    expect(
      (
        await api(core.baseUrl, 'PUT', `/projects/${id}`, {
          as: owner,
          body: { metadata: { public: 'true', auto_scan: 'true' } },
        })
      ).status,
    ).toBe(200);
    expect((await api(core.baseUrl, 'GET', `/projects/${id}/metadatas/`, { as: owner })).body).toEqual({
      public: 'true',
      auto_scan: 'true',
    });
    expect(
      (await api(core.baseUrl, 'GET', `/projects/${id}/metadatas/auto_scan`, { as: owner })).body,
    ).toEqual({ auto_scan: 'true' });
    expect(
      (
        await api(core.baseUrl, 'PUT', `/projects/${id}`, {
          as: owner,
          body: { metadata: { public: 'maybe' } },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api(core.baseUrl, 'PUT', `/projects/${id}`, {
          as: outsider,
          body: { metadata: { public: 'false' } },
        })
      ).status,
    ).toBe(403);
    expect(
      (await api(core.baseUrl, 'DELETE', `/projects/${id}/metadatas/auto_scan`, { as: owner })).status,
    ).toBe(200);
    expect(
      (await api(core.baseUrl, 'GET', `/projects/${id}/metadatas/auto_scan`, { as: owner })).status,
    ).toBe(404);
  });

  it('keeps a project CVE allowlist: empty at first, replaced by PUT, validated as Harbor does', async () => {
    const id = await createProject(core.baseUrl, 'allowlisted', { as: owner });
    const fresh = await api(core.baseUrl, 'GET', `/projects/${id}`, { as: owner });
    expect(fresh.body.cve_allowlist).toEqual({ project_id: id, items: [] });
    expectSchema(fresh.body, 'Project');
    const put = (body: unknown) => api(core.baseUrl, 'PUT', `/projects/${id}`, { as: owner, body });
    const allowlist = {
      expires_at: 4102444800,
      items: [{ cve_id: 'CVE-2023-4911' }, { cve_id: ' CVE-2024-1 ' }],
    };
    expect(
      (await put({ cve_allowlist: allowlist, metadata: { reuse_sys_cve_allowlist: 'false' } })).status,
    ).toBe(200);
    const got = await api(core.baseUrl, 'GET', `/projects/${id}`, { as: owner });
    expect(got.body.cve_allowlist).toMatchObject({
      project_id: id,
      expires_at: 4102444800,
      items: [{ cve_id: 'CVE-2023-4911' }, { cve_id: 'CVE-2024-1' }],
    });
    expect(got.body.metadata.reuse_sys_cve_allowlist).toBe('false');
    expectSchema(got.body, 'Project');
    const listed = await api(core.baseUrl, 'GET', '/projects?name=allowlisted', { as: owner });
    expect(listed.body[0].cve_allowlist.items).toHaveLength(2);

    const wrongProject = await put({ cve_allowlist: { project_id: id + 1, items: [] } });
    expect(wrongProject.status).toBe(400);
    expect(wrongProject.body.errors[0].message).toBe(
      `project_id in cve_allowlist must be ${id} but it's ${id + 1}`,
    );
    const duplicate = await put({ cve_allowlist: { items: [{ cve_id: 'CVE-1' }, { cve_id: 'CVE-1' }] } });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors[0].message).toBe('duplicate CVE ID in allowlist: CVE-1');
    expect((await put({ cve_allowlist: { items: [{ cve_id: '  ' }] } })).status).toBe(400);
    expect((await put({ cve_allowlist: { items: [] } })).status).toBe(200);
    const cleared = await api(core.baseUrl, 'GET', `/projects/${id}`, { as: owner });
    expect(cleared.body.cve_allowlist.items).toEqual([]);
    expect(cleared.body.cve_allowlist.expires_at).toBeUndefined();
    const byOutsider = await api(core.baseUrl, 'PUT', `/projects/${id}`, {
      as: outsider,
      body: { cve_allowlist: { items: [{ cve_id: 'CVE-9' }] } },
    });
    expect(byOutsider.status).toBe(403);
  });

  it('deletes an empty project, refuses one with repositories (412)', async () => {
    const emptyId = await createProject(core.baseUrl, 'to-delete', { as: owner });
    expect((await api(core.baseUrl, 'DELETE', `/projects/${emptyId}`, { as: outsider })).status).toBe(403);
    expect((await api(core.baseUrl, 'DELETE', `/projects/${emptyId}`, { as: owner })).status).toBe(200);
    expect((await api(core.baseUrl, 'GET', `/projects/${emptyId}`, { as: ADMIN })).status).toBe(404);
    await createProject(core.baseUrl, 'to-delete', { as: owner });

    const fullId = await createProject(core.baseUrl, 'non-empty', { as: owner });
    const { DataSource } = await import('typeorm');
    await core.app
      .get(DataSource)
      .query(`INSERT INTO repository (name, project_id) VALUES ('non-empty/app', $1)`, [fullId]);
    const refused = await api(core.baseUrl, 'DELETE', `/projects/${fullId}`, { as: owner });
    expect(refused.status).toBe(412);
    expect(refused.body.errors[0].code).toBe('PRECONDITION');
    expect(
      (await api(core.baseUrl, 'GET', `/projects/${fullId}/_deletable`, { as: owner })).body.deletable,
    ).toBe(false);
    expect((await api(core.baseUrl, 'GET', `/projects/${fullId}`, { as: owner })).body.repo_count).toBe(1);
  });
});
