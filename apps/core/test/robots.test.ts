import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';

const projectRobot = (project: string, name: string, access: { resource: string; action: string }[]) => ({
  name,
  level: 'project',
  duration: -1,
  permissions: [{ kind: 'project', namespace: project, access }],
});
const PULL_PUSH = [
  { resource: 'repository', action: 'pull' },
  { resource: 'repository', action: 'push' },
];

describe('robot accounts', () => {
  let core: CoreTestApp;
  let alphaId: number;
  let projectAdmin: Credentials;
  let developer: Credentials;
  beforeAll(async () => {
    core = await startCore();
    alphaId = await createProject(core.baseUrl, 'alpha');
    await createProject(core.baseUrl, 'beta');
    projectAdmin = await createUser(core.baseUrl, 'padmin');
    developer = await createUser(core.baseUrl, 'developer');
    await addMember(core.baseUrl, alphaId, 'padmin', 1);
    await addMember(core.baseUrl, alphaId, 'developer', 2);
  });
  afterAll(() => core.close());

  it('shows the secret once; the robot authenticates with basic auth within its project only', async () => {
    const created = await api(core.baseUrl, 'POST', '/robots', {
      as: projectAdmin,
      body: projectRobot('alpha', 'ci', PULL_PUSH),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'robot$alpha+ci',
      secret: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      expires_at: -1,
    });
    const robot = { username: 'robot$alpha+ci', password: created.body.secret };
    const got = await api(core.baseUrl, 'GET', `/robots/${created.body.id}`, { as: projectAdmin });
    expect(got.body).toMatchObject({
      name: 'robot$alpha+ci',
      level: 'project',
      disable: false,
      duration: -1,
    });
    expect(got.body.secret).toBeUndefined();
    expect(got.body.permissions).toEqual([
      {
        kind: 'project',
        namespace: 'alpha',
        access: [
          { resource: 'repository', action: 'pull', effect: 'allow' },
          { resource: 'repository', action: 'push', effect: 'allow' },
        ],
      },
    ]);
    expect((await api(core.baseUrl, 'GET', '/projects/alpha/summary', { as: robot })).status).toBe(403);
    const perms = await api(core.baseUrl, 'GET', '/projects?name=alpha', { as: robot });
    expect(perms.status).toBe(200);
    expect((await api(core.baseUrl, 'GET', '/projects/beta', { as: robot })).status).toBe(403);
    expect((await api(core.baseUrl, 'GET', '/users/current', { as: robot })).status).toBe(412);
    expect(
      (await api(core.baseUrl, 'GET', '/projects/alpha', { as: { ...robot, password: 'Wrong0secret' } }))
        .status,
    ).toBe(401);
  });

  it('refuses permissions wider than the creator holds (403) and robots on projects the creator cannot manage', async () => {
    const wider = projectRobot('alpha', 'wider', [{ resource: 'repository', action: 'delete' }]);
    expect((await api(core.baseUrl, 'POST', '/robots', { as: developer, body: wider })).status).toBe(403);
    expect(
      (
        await api(core.baseUrl, 'POST', '/robots', {
          as: projectAdmin,
          body: projectRobot('beta', 'x', PULL_PUSH),
        })
      ).status,
    ).toBe(403);
    const system = {
      name: 'sys',
      level: 'system',
      duration: -1,
      permissions: [{ kind: 'project', namespace: '*', access: PULL_PUSH }],
    };
    expect((await api(core.baseUrl, 'POST', '/robots', { as: projectAdmin, body: system })).status).toBe(403);
    const created = await api(core.baseUrl, 'POST', '/robots', { as: ADMIN, body: system });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('robot$sys');
  });

  it('refreshes the secret: the old one stops working, a given one must meet the policy', async () => {
    const created = await api(core.baseUrl, 'POST', '/robots', {
      as: projectAdmin,
      body: projectRobot('alpha', 'rotate', PULL_PUSH),
    });
    const id = created.body.id;
    const old = { username: 'robot$alpha+rotate', password: created.body.secret };
    expect((await api(core.baseUrl, 'GET', '/projects?name=alpha', { as: old })).status).toBe(200);
    const refreshed = await api(core.baseUrl, 'PATCH', `/robots/${id}`, {
      as: projectAdmin,
      body: { secret: '' },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.secret).not.toBe(old.password);
    expect((await api(core.baseUrl, 'GET', '/projects?name=alpha', { as: old })).status).toBe(401);
    expect(
      (
        await api(core.baseUrl, 'GET', '/projects?name=alpha', {
          as: { ...old, password: refreshed.body.secret },
        })
      ).status,
    ).toBe(200);
    expect(
      (await api(core.baseUrl, 'PATCH', `/robots/${id}`, { as: projectAdmin, body: { secret: 'weak' } }))
        .status,
    ).toBe(400);
    expect(
      (
        await api(core.baseUrl, 'PATCH', `/robots/${id}`, {
          as: projectAdmin,
          body: { secret: 'Given0Secret' },
        })
      ).body,
    ).toEqual({ secret: 'Given0Secret' });
    expect(
      (await api(core.baseUrl, 'GET', '/projects?name=alpha', { as: { ...old, password: 'Given0Secret' } }))
        .status,
    ).toBe(200);
  });

  it('refuses a disabled robot, lists robots per project, deletes', async () => {
    const created = await api(core.baseUrl, 'POST', '/robots', {
      as: projectAdmin,
      body: projectRobot('alpha', 'off', PULL_PUSH),
    });
    const robot = { username: 'robot$alpha+off', password: created.body.secret };
    const got = await api(core.baseUrl, 'GET', `/robots/${created.body.id}`, { as: projectAdmin });
    const update = await api(core.baseUrl, 'PUT', `/robots/${created.body.id}`, {
      as: projectAdmin,
      body: { ...got.body, disable: true },
    });
    expect(update.status).toBe(200);
    expect((await api(core.baseUrl, 'GET', '/projects?name=alpha', { as: robot })).status).toBe(401);
    const list = await api(
      core.baseUrl,
      'GET',
      `/robots?q=Level%3Dproject,ProjectID%3D${alphaId}&page_size=100`,
      { as: projectAdmin },
    );
    expect(list.status).toBe(200);
    expect(list.body.map((r: { name: string }) => r.name)).toContain('robot$alpha+off');
    expect((await api(core.baseUrl, 'GET', '/robots', { as: projectAdmin })).status).toBe(403);
    // Without Level=project Harbor lists system robots, whatever ProjectID says.
    expect(
      (await api(core.baseUrl, 'GET', `/robots?q=ProjectID%3D${alphaId}`, { as: developer })).status,
    ).toBe(403);
    expect(
      (await api(core.baseUrl, 'GET', `/robots?q=Level%3Dproject,ProjectID%3D${alphaId}`, { as: developer }))
        .status,
    ).toBe(200);
    expect((await api(core.baseUrl, 'DELETE', `/robots/${created.body.id}`, { as: developer })).status).toBe(
      403,
    );
    expect(
      (await api(core.baseUrl, 'DELETE', `/robots/${created.body.id}`, { as: projectAdmin })).status,
    ).toBe(200);
    expect((await api(core.baseUrl, 'GET', `/robots/${created.body.id}`, { as: projectAdmin })).status).toBe(
      404,
    );
  });

  it('refuses an expired robot and one whose project robot acts outside its grants', async () => {
    const created = await api(core.baseUrl, 'POST', '/robots', {
      as: projectAdmin,
      body: { ...projectRobot('alpha', 'old', PULL_PUSH), duration: 1 },
    });
    expect(created.body.expires_at).toBeGreaterThan(Date.now() / 1000);
    const robot = { username: 'robot$alpha+old', password: created.body.secret };
    const member = { role_id: 3, member_user: { username: 'developer' } };
    expect(
      (await api(core.baseUrl, 'POST', `/projects/${alphaId}/members`, { as: robot, body: member })).status,
    ).toBe(403);
    await core.app
      .get(DataSource)
      .query('UPDATE robot SET expires_at = $2 WHERE id = $1', [
        created.body.id,
        Math.floor(Date.now() / 1000) - 1,
      ]);
    expect((await api(core.baseUrl, 'GET', '/projects?name=alpha', { as: robot })).status).toBe(401);
  });

  it('filters robots by the name they are stored with, and lists system robots by default', async () => {
    const made = await api(core.baseUrl, 'POST', '/robots', {
      as: ADMIN,
      body: projectRobot('alpha', 'finder', PULL_PUSH),
    });
    const system = await api(core.baseUrl, 'POST', '/robots', {
      as: ADMIN,
      body: { ...projectRobot('alpha', 'hapic-bot', PULL_PUSH), level: 'system' },
    });
    expect(system.status, JSON.stringify(system.body)).toBe(201);
    const names = (response: { body: { name: string }[] }) => response.body.map((r) => r.name);
    const projectScope = `Level=project,ProjectID=${alphaId}`;
    // `+` must reach Harbor's second decode as %2B, so clients encode q's value twice.
    const byName = await api(
      core.baseUrl,
      'GET',
      `/robots?q=${encodeURIComponent(`${projectScope},name=alpha%2Bfinder`)}`,
      {
        as: ADMIN,
      },
    );
    expect(names(byName)).toEqual(['robot$alpha+finder']);
    expect(byName.headers.get('x-total-count')).toBe('1');
    const shownName = await api(
      core.baseUrl,
      'GET',
      `/robots?q=${encodeURIComponent(`${projectScope},name=robot$alpha%2Bfinder`)}`,
      {
        as: ADMIN,
      },
    );
    expect(names(shownName)).toEqual([]);
    const fuzzy = await api(
      core.baseUrl,
      'GET',
      `/robots?q=${encodeURIComponent(`${projectScope},name=~find`)}`,
      { as: ADMIN },
    );
    expect(names(fuzzy)).toEqual(['robot$alpha+finder']);
    const systemByName = await api(core.baseUrl, 'GET', `/robots?q=${encodeURIComponent('name=hapic-bot')}`, {
      as: ADMIN,
    });
    expect(names(systemByName)).toEqual(['robot$hapic-bot']);
    const systemOnly = await api(core.baseUrl, 'GET', '/robots?page_size=100', { as: ADMIN });
    expect(names(systemOnly)).toContain('robot$hapic-bot');
    expect(systemOnly.body.every((r: { level: string }) => r.level === 'system')).toBe(true);
    const refused = async (q: string) => {
      const response = await api(core.baseUrl, 'GET', `/robots?q=${encodeURIComponent(q)}`, { as: ADMIN });
      expect(response.status, q).toBe(400);
      return response.body.errors[0].message as string;
    };
    expect(await refused('Level=other')).toBe('bad request error level input');
    expect(await refused('Level=project')).toBe('must with project ID when to query project robots');
    expect(await refused('Level=project,ProjectID=x')).toBe('ProjectID must be a positive integer');
    expect(made.status).toBe(201);
  });

  it('names, lists and authenticates robots with the configured robot_name_prefix', async () => {
    const created = await api(core.baseUrl, 'POST', '/robots', {
      as: ADMIN,
      body: projectRobot('alpha', 'prefixed', PULL_PUSH),
    });
    const secret = created.body.secret as string;
    const setPrefix = (robot_name_prefix: string) =>
      api(core.baseUrl, 'PUT', '/configurations', { as: ADMIN, body: { robot_name_prefix } });
    expect((await setPrefix('bot-')).status).toBe(200);
    try {
      const got = await api(core.baseUrl, 'GET', `/robots/${created.body.id}`, { as: ADMIN });
      expect(got.body.name).toBe('bot-alpha+prefixed');
      const asNew = { username: 'bot-alpha+prefixed', password: secret };
      expect((await api(core.baseUrl, 'GET', '/projects?name=alpha', { as: asNew })).status).toBe(200);
      const asOld = { username: 'robot$alpha+prefixed', password: secret };
      expect((await api(core.baseUrl, 'GET', '/projects?name=alpha', { as: asOld })).status).toBe(401);
      const token = await fetch(
        `${core.baseUrl}/service/token?service=harbor-registry&scope=repository:alpha/app:pull`,
        {
          headers: {
            authorization: `Basic ${Buffer.from(`bot-alpha+prefixed:${secret}`).toString('base64')}`,
          },
        },
      );
      expect(token.status).toBe(200);
      const made = await api(core.baseUrl, 'POST', '/robots', {
        as: ADMIN,
        body: projectRobot('alpha', 'later', PULL_PUSH),
      });
      expect(made.body.name).toBe('bot-alpha+later');
      const update = await api(core.baseUrl, 'PUT', `/robots/${created.body.id}`, {
        as: ADMIN,
        body: { ...got.body, name: 'robot$alpha+prefixed', description: 'x' },
      });
      expect(update.status).toBe(400);
      expect(update.body.errors[0].message).toBe('cannot update the level or name of robot');
      const renamedBack = await api(core.baseUrl, 'PUT', `/robots/${created.body.id}`, {
        as: ADMIN,
        body: { ...got.body, description: 'x' },
      });
      expect(renamedBack.status).toBe(200);
      expect((await api(core.baseUrl, 'DELETE', `/robots/${made.body.id}`, { as: ADMIN })).status).toBe(200);
      // The audit log names a robot as it is shown: with the prefix configured at the time.
      const logs = await api(core.baseUrl, 'GET', '/audit-logs?page_size=100&q=resource_type%3Drobot', {
        as: ADMIN,
      });
      const entries = (logs.body as { resource: string; operation: string }[]).map(
        (e) => `${e.operation} ${e.resource}`,
      );
      expect(entries).toEqual(
        expect.arrayContaining([
          'create bot-alpha+later',
          'update bot-alpha+prefixed',
          'delete bot-alpha+later',
        ]),
      );
    } finally {
      await setPrefix('robot$');
    }
    const stored = await core.app
      .get(DataSource)
      .query('SELECT name FROM robot WHERE id = $1', [created.body.id]);
    expect(stored).toEqual([{ name: 'alpha+prefixed' }]);
  });

  it('answers 409 for a duplicate robot name and 400 for a bad one', async () => {
    await api(core.baseUrl, 'POST', '/robots', {
      as: ADMIN,
      body: projectRobot('alpha', 'twice', PULL_PUSH),
    });
    expect(
      (
        await api(core.baseUrl, 'POST', '/robots', {
          as: ADMIN,
          body: projectRobot('alpha', 'twice', PULL_PUSH),
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api(core.baseUrl, 'POST', '/robots', {
          as: ADMIN,
          body: projectRobot('alpha', 'Bad Name', PULL_PUSH),
        })
      ).status,
    ).toBe(400);
  });
});
