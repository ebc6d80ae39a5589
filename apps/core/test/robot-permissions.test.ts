import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';

type Access = { resource: string; action: string };
const robotBody = (
  level: 'system' | 'project',
  name: string,
  kind: string,
  namespace: string,
  access: Access[],
) => ({
  name,
  level,
  duration: -1,
  permissions: [{ kind, namespace, access }],
});

describe("GET /permissions and robots held to Harbor's permission lists", () => {
  let core: CoreTestApp;
  let alphaId: number;
  let projectAdmin: Credentials;
  let developer: Credentials;
  let formerAdmin: Credentials;
  const call = (method: string, path: string, as?: Credentials, body?: unknown) =>
    api(core.baseUrl, method, path, { as, body });

  beforeAll(async () => {
    core = await startCore();
    alphaId = await createProject(core.baseUrl, 'alpha');
    const goneId = await createProject(core.baseUrl, 'gone');
    projectAdmin = await createUser(core.baseUrl, 'padmin');
    developer = await createUser(core.baseUrl, 'dev');
    formerAdmin = await createUser(core.baseUrl, 'former');
    await addMember(core.baseUrl, alphaId, 'padmin', 1);
    await addMember(core.baseUrl, alphaId, 'dev', 2);
    await addMember(core.baseUrl, goneId, 'former', 1);
    expect((await call('DELETE', `/projects/${goneId}`, ADMIN)).status).toBe(200);
  });
  afterAll(() => core.close());

  it('answers system admins both lists, project admins the project list only, and refuses everyone else', async () => {
    const admin = await call('GET', '/permissions', ADMIN);
    expect(admin.status).toBe(200);
    expect(Object.keys(admin.body).sort()).toEqual(['project', 'system']);
    expect(admin.body.system).toHaveLength(70);
    expect(admin.body.project).toHaveLength(70);
    expect(admin.body.system.slice(0, 2)).toEqual([
      { resource: 'audit-log', action: 'list' },
      { resource: 'preheat-instance', action: 'read' },
    ]);
    expect(admin.body.system).toContainEqual({ resource: 'registry', action: 'create' });
    expect(admin.body.system).toContainEqual({ resource: 'user-group', action: 'delete' });
    expect(admin.body.system).not.toContainEqual({ resource: 'repository', action: 'pull' });
    expect(admin.body.project).toContainEqual({ resource: 'repository', action: 'push' });
    expect(admin.body.project).toContainEqual({ resource: 'member', action: 'update' });
    expect(admin.body.project).not.toContainEqual({ resource: 'registry', action: 'read' });

    const padmin = await call('GET', '/permissions', projectAdmin);
    expect(padmin.status).toBe(200);
    expect(padmin.body).toEqual({ project: admin.body.project });

    expect((await call('GET', '/permissions')).status).toBe(401);
    for (const who of [developer, formerAdmin]) {
      const refused = await call('GET', '/permissions', who);
      expect(refused.status, who.username).toBe(403);
      expect(refused.body.errors[0]).toEqual({
        code: 'FORBIDDEN',
        message: 'only admins(system and project) can access permissions',
      });
    }
    const robot = await call(
      'POST',
      '/robots',
      ADMIN,
      robotBody('system', 'lister', 'system', '/', [{ resource: 'robot', action: 'list' }]),
    );
    expect(robot.status).toBe(201);
    const asRobot = { username: robot.body.name, password: robot.body.secret };
    expect((await call('GET', '/permissions', asRobot)).status).toBe(403);
  });

  it('lets a robot be given every listed permission, system and project', async () => {
    const { system, project } = (await call('GET', '/permissions', ADMIN)).body as {
      system: Access[];
      project: Access[];
    };
    const sys = await call(
      'POST',
      '/robots',
      ADMIN,
      robotBody('system', 'everything', 'system', '/', system),
    );
    expect(sys.status, JSON.stringify(sys.body)).toBe(201);
    const proj = await call(
      'POST',
      '/robots',
      ADMIN,
      robotBody('project', 'everything', 'project', 'alpha', project),
    );
    expect(proj.status, JSON.stringify(proj.body)).toBe(201);
    for (const [id, expected] of [
      [sys.body.id, system],
      [proj.body.id, project],
    ] as const) {
      const shown = await call('GET', `/robots/${id}`, ADMIN);
      expect(shown.body.permissions[0].access).toHaveLength(expected.length);
    }
  });

  it.each([
    ['a project pair on a system permission', 'system', 'system', '/', 'repository', 'pull'],
    ['a system pair on a project permission', 'project', 'project', 'alpha', 'registry', 'read'],
    ['a pair Harbor never lists', 'project', 'project', 'alpha', 'tag-retention', 'operate'],
    ['an unknown resource', 'system', 'project', '*', 'repositories', 'pull'],
  ] as const)(
    'refuses on create %s (400, Harbor message)',
    async (_, level, kind, namespace, resource, action) => {
      const access = [
        { resource: 'repository', action: 'list' },
        { resource, action },
      ];
      if (kind === 'system') access[0] = { resource: 'registry', action: 'list' };
      const refused = await call(
        'POST',
        '/robots',
        ADMIN,
        robotBody(level, `bad-${resource}`, kind, namespace, access),
      );
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0]).toEqual({
        code: 'BAD_REQUEST',
        message: `bad request permission: ${resource}:${action}`,
      });
      const listed = await call('GET', `/robots?q=name%3D~bad-`, ADMIN);
      expect(listed.body).toEqual([]);
    },
  );

  it('refuses an empty access list on create', async () => {
    const refused = await call(
      'POST',
      '/robots',
      ADMIN,
      robotBody('project', 'empty', 'project', 'alpha', []),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toBe('bad request empty access');
  });

  it('refuses on update a pair outside the list, before checking the caller, and keeps the stored permissions', async () => {
    const pull = [{ resource: 'repository', action: 'pull' }];
    const created = await call(
      'POST',
      '/robots',
      projectAdmin,
      robotBody('project', 'keep', 'project', 'alpha', pull),
    );
    expect(created.status).toBe(201);
    const path = `/robots/${created.body.id}`;
    const shown = (await call('GET', path, projectAdmin)).body;
    const widened = {
      ...shown,
      permissions: [{ ...shown.permissions[0], access: [...pull, { resource: 'registry', action: 'list' }] }],
    };
    for (const who of [projectAdmin, ADMIN, developer]) {
      const refused = await call('PUT', path, who, widened);
      expect(refused.status, who.username).toBe(400);
      expect(refused.body.errors[0].message).toBe('bad request permission: registry:list');
    }
    expect((await call('PUT', '/robots/999999', developer, widened)).status).toBe(404);
    expect((await call('PUT', path, undefined, widened)).status).toBe(401);
    expect((await call('GET', path, projectAdmin)).body.permissions).toEqual(shown.permissions);

    const allowed = {
      ...shown,
      permissions: [{ ...shown.permissions[0], access: [...pull, { resource: 'member', action: 'list' }] }],
    };
    expect((await call('PUT', path, developer, allowed)).status).toBe(403);
    expect((await call('PUT', path, projectAdmin, allowed)).status).toBe(200);
    expect((await call('GET', path, projectAdmin)).body.permissions[0].access).toHaveLength(2);
  });
});
