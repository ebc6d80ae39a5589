import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';

describe('project members', () => {
  let core: CoreTestApp;
  let projectA: number;
  let projectB: number;
  let maintainer: Credentials;
  beforeAll(async () => {
    core = await startCore();
    projectA = await createProject(core.baseUrl, 'members-a');
    projectB = await createProject(core.baseUrl, 'members-b');
    maintainer = await createUser(core.baseUrl, 'maint');
    await createUser(core.baseUrl, 'dev');
    await addMember(core.baseUrl, projectA, 'maint', 4);
  });
  afterAll(() => core.close());

  it('adds a member by username or id and lists members with role names', async () => {
    const dev = await api(core.baseUrl, 'GET', '/users/search?username=dev', { as: ADMIN });
    const created = await api(core.baseUrl, 'POST', `/projects/${projectA}/members`, {
      as: ADMIN,
      body: { role_id: 2, member_user: { user_id: dev.body[0].user_id } },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(
      new RegExp(`/api/v2.0/projects/${projectA}/members/\\d+$`),
    );
    const list = await api(core.baseUrl, 'GET', `/projects/${projectA}/members`, { as: maintainer });
    expect(list.status).toBe(200);
    expect(list.headers.get('x-total-count')).toBe('3');
    expect(list.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entity_name: 'dev',
          role_id: 2,
          role_name: 'developer',
          entity_type: 'u',
          project_id: projectA,
        }),
        expect.objectContaining({ entity_name: 'maint', role_id: 4, role_name: 'maintainer' }),
        expect.objectContaining({ entity_name: 'admin', role_id: 1, role_name: 'projectAdmin' }),
      ]),
    );
    const filtered = await api(core.baseUrl, 'GET', `/projects/${projectA}/members?entityname=dev`, {
      as: maintainer,
    });
    expect(filtered.body).toHaveLength(1);
  });

  it('refuses duplicates (409), unknown users (404) and bad roles (400)', async () => {
    const body = (role: number, username: string) => ({ role_id: role, member_user: { username } });
    expect(
      (
        await api(core.baseUrl, 'POST', `/projects/${projectA}/members`, {
          as: ADMIN,
          body: body(3, 'maint'),
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api(core.baseUrl, 'POST', `/projects/${projectA}/members`, {
          as: ADMIN,
          body: body(3, 'ghost'),
        })
      ).status,
    ).toBe(404);
    expect(
      (await api(core.baseUrl, 'POST', `/projects/${projectA}/members`, { as: ADMIN, body: body(9, 'dev') }))
        .status,
    ).toBe(400);
  });

  it('lets only project admins change and remove members', async () => {
    const list = await api(core.baseUrl, 'GET', `/projects/${projectA}/members?entityname=maint`, {
      as: ADMIN,
    });
    const mid = list.body[0].id as number;
    expect(
      (
        await api(core.baseUrl, 'PUT', `/projects/${projectA}/members/${mid}`, {
          as: maintainer,
          body: { role_id: 1 },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api(core.baseUrl, 'PUT', `/projects/${projectA}/members/${mid}`, {
          as: ADMIN,
          body: { role_id: 3 },
        })
      ).status,
    ).toBe(200);
    expect(
      (await api(core.baseUrl, 'GET', `/projects/${projectA}/members/${mid}`, { as: ADMIN })).body.role_id,
    ).toBe(3);
    expect(
      (await api(core.baseUrl, 'DELETE', `/projects/${projectA}/members/${mid}`, { as: ADMIN })).status,
    ).toBe(200);
    expect(
      (await api(core.baseUrl, 'GET', `/projects/${projectA}/members/${mid}`, { as: ADMIN })).status,
    ).toBe(404);
  });

  it("answers 404 for a member id of another project, even to that project's admin", async () => {
    const memberOfA = (
      await api(core.baseUrl, 'GET', `/projects/${projectA}/members?entityname=admin`, { as: ADMIN })
    ).body[0].id;
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await api(core.baseUrl, method, `/projects/${projectB}/members/${memberOfA}`, {
        as: ADMIN,
        body: method === 'PUT' ? { role_id: 3 } : undefined,
      });
      expect(response.status, method).toBe(404);
    }
    expect(
      (await api(core.baseUrl, 'GET', `/projects/${projectA}/members/${memberOfA}`, { as: ADMIN })).body
        .role_id,
    ).toBe(1);
  });
});
