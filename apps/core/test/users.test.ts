import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api } from './support/harbor-client.js';
import { createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { ConfigurationService } from '../src/system/configuration.service.js';

describe('users', () => {
  let core: CoreTestApp;
  const setSelfRegistration = (on: boolean) =>
    core.app.get(ConfigurationService).set({ self_registration: on });
  beforeAll(async () => {
    core = await startCore();
  });
  afterAll(() => core.close());

  it('lets admin create a user, and never returns password or salt', async () => {
    const alice = await createUser(core.baseUrl, 'alice');
    const got = await api(core.baseUrl, 'GET', `/users/${alice.userId}`, { as: ADMIN });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      user_id: alice.userId,
      username: 'alice',
      email: 'alice@example.com',
      sysadmin_flag: false,
    });
    expect(Object.keys(got.body)).not.toEqual(expect.arrayContaining(['password']));
    expect(JSON.stringify(got.body)).not.toMatch(/salt|password/);
  });

  it('answers 409 for a taken username or email', async () => {
    await createUser(core.baseUrl, 'dupe');
    const again = await api(core.baseUrl, 'POST', '/users', {
      as: ADMIN,
      body: { username: 'dupe', password: 'Passw0rd1', email: 'other@example.com', realname: 'x' },
    });
    expect(again.status).toBe(409);
    const sameEmail = await api(core.baseUrl, 'POST', '/users', {
      as: ADMIN,
      body: { username: 'dupe2', password: 'Passw0rd1', email: 'dupe@example.com', realname: 'x' },
    });
    expect(sameEmail.status).toBe(409);
  });

  it.each([
    [{ username: 'weak', password: 'short', realname: 'w' }, /password/],
    [{ username: 'nodigit', password: 'NoDigitsHere', realname: 'w' }, /password/],
    [{ username: 'bad,name', password: 'Passw0rd1', realname: 'w' }, /username/],
    [{ username: 'bademail', password: 'Passw0rd1', realname: 'w', email: 'not-an-email' }, /email/],
    [{ password: 'Passw0rd1', realname: 'w' }, /username/],
  ])('refuses invalid user %j with 400 naming the field', async (body, field) => {
    const response = await api(core.baseUrl, 'POST', '/users', { as: ADMIN, body });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(field),
    });
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await fetch(`${core.baseUrl}/api/v2.0/users`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`,
      },
      body: '{"username":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ code: 'BAD_REQUEST', message: expect.any(String) }] });
  });

  it('refuses self-registration when it is off, allows it when on, never as admin', async () => {
    await setSelfRegistration(false);
    const body = {
      username: 'selfreg',
      password: 'Passw0rd1',
      email: 'selfreg@example.com',
      realname: 's',
      sysadmin_flag: true,
    };
    expect((await api(core.baseUrl, 'POST', '/users', { body })).status).toBe(403);
    await setSelfRegistration(true);
    const created = await api(core.baseUrl, 'POST', '/users', { body });
    expect(created.status).toBe(201);
    await setSelfRegistration(false);
    const me = await api(core.baseUrl, 'GET', '/users/current', {
      as: { username: 'selfreg', password: 'Passw0rd1' },
    });
    expect(me.body).toMatchObject({ username: 'selfreg', sysadmin_flag: false });
    const promote = await api(core.baseUrl, 'PUT', `/users/${me.body.user_id}/sysadmin`, {
      as: { username: 'selfreg', password: 'Passw0rd1' },
      body: { sysadmin_flag: true },
    });
    expect(promote.status).toBe(403);
    const sneaky = await api(core.baseUrl, 'PUT', `/users/${me.body.user_id}`, {
      as: { username: 'selfreg', password: 'Passw0rd1' },
      body: { realname: 'still s', sysadmin_flag: true, admin_role_in_auth: true },
    });
    expect(sneaky.status).toBe(200);
    const after = await api(core.baseUrl, 'GET', `/users/${me.body.user_id}`, { as: ADMIN });
    expect(after.body).toMatchObject({ realname: 'still s', sysadmin_flag: false });
  });

  it('lists users for admin only, with paging headers and q/sort', async () => {
    for (const name of ['list-a', 'list-b', 'list-c']) await createUser(core.baseUrl, name);
    const page = await api(
      core.baseUrl,
      'GET',
      '/users?q=username%3D~list-&sort=-username&page=1&page_size=2',
      { as: ADMIN },
    );
    expect(page.status).toBe(200);
    expect(page.body.map((u: { username: string }) => u.username)).toEqual(['list-c', 'list-b']);
    expect(page.headers.get('x-total-count')).toBe('3');
    expect(page.headers.get('link')).toContain('rel="next"');
    expect(page.headers.get('link')).toContain('page=2');
    // Harbor ignores q keys and sort fields a user has no filter for: a secret column cannot be probed.
    const all = await api(core.baseUrl, 'GET', '/users?page_size=100', { as: ADMIN });
    for (const query of ['sort=password', 'q=salt%3Dx', 'q=password%3D~a']) {
      const ignored = await api(core.baseUrl, 'GET', `/users?page_size=100&${query}`, { as: ADMIN });
      expect(ignored.status, query).toBe(200);
      expect(ignored.body, query).toEqual(all.body);
    }
    const doubleEncoded = await api(core.baseUrl, 'GET', '/users?q=username%3D%257Elist-', { as: ADMIN });
    expect(doubleEncoded.headers.get('x-total-count')).toBe('3');
    expect((await api(core.baseUrl, 'GET', '/users?page_size=101', { as: ADMIN })).status).toBe(422);
    const bob = await createUser(core.baseUrl, 'bob');
    expect((await api(core.baseUrl, 'GET', '/users', { as: bob })).status).toBe(403);
    expect((await api(core.baseUrl, 'GET', '/users')).status).toBe(401);
  });

  it('lets any signed-in user search by username with minimal fields', async () => {
    const carol = await createUser(core.baseUrl, 'carol');
    const found = await api(core.baseUrl, 'GET', '/users/search?username=caro', { as: carol });
    expect(found.status).toBe(200);
    expect(found.body).toEqual([{ user_id: carol.userId, username: 'carol' }]);
    expect((await api(core.baseUrl, 'GET', '/users/search?username=caro')).status).toBe(401);
  });

  it('lets a user read and update only their own profile', async () => {
    const dave = await createUser(core.baseUrl, 'dave');
    const erin = await createUser(core.baseUrl, 'erin');
    expect((await api(core.baseUrl, 'GET', `/users/${erin.userId}`, { as: dave })).status).toBe(403);
    const update = await api(core.baseUrl, 'PUT', `/users/${dave.userId}`, {
      as: dave,
      body: { realname: 'Dave D', comment: 'hi' },
    });
    expect(update.status).toBe(200);
    const me = await api(core.baseUrl, 'GET', '/users/current', { as: dave });
    expect(me.body).toMatchObject({ realname: 'Dave D', comment: 'hi', sysadmin_flag: false });
    expect(
      (await api(core.baseUrl, 'PUT', `/users/${erin.userId}`, { as: dave, body: { realname: 'x' } })).status,
    ).toBe(403);
  });

  it('changes passwords: old one required for self, policy enforced, admin resets without it', async () => {
    const frank = await createUser(core.baseUrl, 'frank');
    const path = `/users/${frank.userId}/password`;
    expect(
      (
        await api(core.baseUrl, 'PUT', path, {
          as: frank,
          body: { old_password: 'Wrong1234', new_password: 'Newpass12' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api(core.baseUrl, 'PUT', path, {
          as: frank,
          body: { old_password: frank.password, new_password: 'weak' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api(core.baseUrl, 'PUT', path, {
          as: frank,
          body: { old_password: frank.password, new_password: 'Newpass12' },
        })
      ).status,
    ).toBe(200);
    expect((await api(core.baseUrl, 'GET', '/users/current', { as: frank })).status).toBe(401);
    const renewed = { username: 'frank', password: 'Newpass12' };
    expect((await api(core.baseUrl, 'GET', '/users/current', { as: renewed })).status).toBe(200);
    expect(
      (await api(core.baseUrl, 'PUT', path, { as: ADMIN, body: { new_password: 'Adminset1' } })).status,
    ).toBe(200);
    expect(
      (await api(core.baseUrl, 'GET', '/users/current', { as: { username: 'frank', password: 'Adminset1' } }))
        .status,
    ).toBe(200);
  });

  it('lets admin promote and demote', async () => {
    const gina = await createUser(core.baseUrl, 'gina');
    expect(
      (
        await api(core.baseUrl, 'PUT', `/users/${gina.userId}/sysadmin`, {
          as: ADMIN,
          body: { sysadmin_flag: true },
        })
      ).status,
    ).toBe(200);
    expect((await api(core.baseUrl, 'GET', '/users', { as: gina })).status).toBe(200);
    expect(
      (
        await api(core.baseUrl, 'PUT', `/users/${gina.userId}/sysadmin`, {
          as: ADMIN,
          body: { sysadmin_flag: false },
        })
      ).status,
    ).toBe(200);
    expect((await api(core.baseUrl, 'GET', '/users', { as: gina })).status).toBe(403);
  });

  it('deletes users (admin only, not self, not user 1) and frees the name', async () => {
    const hank = await createUser(core.baseUrl, 'hank');
    expect((await api(core.baseUrl, 'DELETE', `/users/${hank.userId}`, { as: hank })).status).toBe(403);
    expect((await api(core.baseUrl, 'DELETE', '/users/1', { as: ADMIN })).status).toBe(403);
    expect((await api(core.baseUrl, 'DELETE', `/users/${hank.userId}`, { as: ADMIN })).status).toBe(200);
    expect((await api(core.baseUrl, 'GET', `/users/${hank.userId}`, { as: ADMIN })).status).toBe(404);
    expect((await api(core.baseUrl, 'GET', '/users/current', { as: hank })).status).toBe(401);
    expect((await api(core.baseUrl, 'DELETE', '/users/99999', { as: ADMIN })).status).toBe(404);
    await createUser(core.baseUrl, 'hank');
  });

  it("reports a guest's permissions without push, and none outside its projects", async () => {
    const guest = await createUser(core.baseUrl, 'perm-guest');
    const created = await api(core.baseUrl, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'perm-p' },
    });
    const projectId = Number(created.headers.get('location')?.split('/').pop());
    await api(core.baseUrl, 'POST', `/projects/${projectId}/members`, {
      as: ADMIN,
      body: { role_id: 3, member_user: { username: 'perm-guest' } },
    });
    const perms = await api(core.baseUrl, 'GET', `/users/current/permissions?scope=/project/${projectId}`, {
      as: guest,
    });
    expect(perms.body).toContainEqual({ resource: `/project/${projectId}/repository`, action: 'pull' });
    expect(perms.body).not.toContainEqual({ resource: `/project/${projectId}/repository`, action: 'push' });
    const elsewhere = await api(core.baseUrl, 'GET', '/users/current/permissions?scope=/project/99999', {
      as: guest,
    });
    expect(elsewhere.body).toEqual([]);
  });

  it('reports current permissions for a project scope', async () => {
    const perms = await api(
      core.baseUrl,
      'GET',
      '/users/current/permissions?scope=/project/1&relative=true',
      { as: ADMIN },
    );
    expect(perms.status).toBe(200);
    expect(perms.body).toEqual(expect.arrayContaining([{ resource: 'repository', action: 'push' }]));
  });
});
