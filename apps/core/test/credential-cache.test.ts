import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, basicAuth, type Credentials } from './support/harbor-client.js';
import { createProject, createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';

// Two core processes of one instance (same database and Redis): a change made through one must be
// seen at once by the other, whose verification of the old credentials is still fresh in memory.
describe('remembered sign-ins (basic auth without scrypt on every call)', () => {
  let one: CoreTestApp & { database: Awaited<ReturnType<typeof startCore>>['database'] };
  let other: CoreTestApp;
  beforeAll(async () => {
    one = await startCore();
    other = await startCore({}, one.database);
  });
  afterAll(async () => {
    await other?.close({ keepData: true });
    await one?.close();
  });

  const status = async (core: CoreTestApp, as: Credentials, path = '/users/current') =>
    (await api(core.baseUrl, 'GET', path, { as })).status;
  const tokenStatus = async (core: CoreTestApp, as: Credentials) =>
    (
      await fetch(`${core.baseUrl}/service/token?service=harbor-registry&scope=repository:cache/app:pull`, {
        headers: { authorization: basicAuth(as) },
      })
    ).status;
  /** Signs in on both processes, so each holds a fresh verification of these credentials. */
  const signInOnBoth = async (as: Credentials) => {
    for (const core of [one, other]) {
      expect(await status(core, as)).toBe(200);
      expect(await status(core, as)).toBe(200);
    }
  };

  it('keeps accepting repeated basic-auth calls and token requests', async () => {
    const alice = await createUser(one.baseUrl, 'cache-alice');
    for (let i = 0; i < 5; i++) {
      expect(await status(one, alice)).toBe(200);
      expect(await tokenStatus(one, alice)).toBe(200);
    }
  });

  it('never answers a wrong password from a remembered right one', async () => {
    const bob = await createUser(one.baseUrl, 'cache-bob');
    await signInOnBoth(bob);
    for (const wrong of ['Passw0rd2', 'passw0rd1', 'Passw0rd1 ', '']) {
      expect(await status(one, { ...bob, password: wrong })).toBe(401);
      expect(await tokenStatus(one, { ...bob, password: wrong })).toBe(401);
    }
    expect(await status(one, bob)).toBe(200);
  });

  it('refuses the old password at once after a change through the API, in every process', async () => {
    const carol = await createUser(one.baseUrl, 'cache-carol');
    await signInOnBoth(carol);
    const changed = await api(other.baseUrl, 'PUT', `/users/${carol.userId}/password`, {
      as: carol,
      body: { old_password: carol.password, new_password: 'Changed123' },
    });
    expect(changed.status).toBe(200);
    for (const core of [one, other]) {
      expect(await status(core, carol)).toBe(401);
      expect(await tokenStatus(core, carol)).toBe(401);
      expect(await status(core, { ...carol, password: 'Changed123' })).toBe(200);
    }
  });

  it('refuses a deleted user at once, in every process', async () => {
    const dave = await createUser(one.baseUrl, 'cache-dave');
    await signInOnBoth(dave);
    expect((await api(other.baseUrl, 'DELETE', `/users/${dave.userId}`, { as: ADMIN })).status).toBe(200);
    for (const core of [one, other]) {
      expect(await status(core, dave)).toBe(401);
      expect(await tokenStatus(core, dave)).toBe(401);
    }
  });

  it('applies a changed admin flag at once, in every process', async () => {
    const erin = await createUser(one.baseUrl, 'cache-erin');
    await signInOnBoth(erin);
    expect(await status(one, erin, '/users')).toBe(403);
    const promote = (on: boolean) =>
      api(other.baseUrl, 'PUT', `/users/${erin.userId}/sysadmin`, { as: ADMIN, body: { sysadmin_flag: on } });
    expect((await promote(true)).status).toBe(200);
    expect(await status(one, erin, '/users')).toBe(200);
    expect((await promote(false)).status).toBe(200);
    expect(await status(one, erin, '/users')).toBe(403);
  });

  it('refuses a robot at once once disabled, its secret refreshed, or deleted', async () => {
    await createProject(one.baseUrl, 'cache');
    const created = await api(one.baseUrl, 'POST', '/robots', {
      as: ADMIN,
      body: {
        name: 'ci',
        level: 'project',
        duration: -1,
        permissions: [
          { kind: 'project', namespace: 'cache', access: [{ resource: 'repository', action: 'pull' }] },
        ],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const robot = { username: 'robot$cache+ci', password: created.body.secret as string };
    const projects = '/projects?name=cache';
    const signInOnBothAsRobot = async () => {
      for (const core of [one, other]) expect(await status(core, robot, projects)).toBe(200);
    };
    await signInOnBothAsRobot();
    expect(await tokenStatus(one, robot)).toBe(200);

    const current = await api(other.baseUrl, 'GET', `/robots/${id}`, { as: ADMIN });
    const setDisabled = (disable: boolean) =>
      api(other.baseUrl, 'PUT', `/robots/${id}`, { as: ADMIN, body: { ...current.body, disable } });
    expect((await setDisabled(true)).status).toBe(200);
    expect(await status(one, robot, projects)).toBe(401);
    expect(await tokenStatus(one, robot)).toBe(401);
    expect((await setDisabled(false)).status).toBe(200);
    await signInOnBothAsRobot();

    const refreshed = await api(other.baseUrl, 'PATCH', `/robots/${id}`, { as: ADMIN, body: { secret: '' } });
    expect(refreshed.status).toBe(200);
    expect(await status(one, robot, projects)).toBe(401);
    robot.password = refreshed.body.secret as string;
    await signInOnBothAsRobot();

    expect((await api(other.baseUrl, 'DELETE', `/robots/${id}`, { as: ADMIN })).status).toBe(200);
    expect(await status(one, robot, projects)).toBe(401);
    expect(await tokenStatus(one, robot)).toBe(401);
  });
});
