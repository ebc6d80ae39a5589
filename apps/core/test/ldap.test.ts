import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlapd, type SlapdProcess } from '@harbor-ts/testing';
import { ADMIN, api, login, type Credentials } from './support/harbor-client.js';
import { createProject } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';

const ALICE: Credentials = { username: 'alice', password: 'alice-directory-pw' };
const CAROL: Credentials = { username: 'carol', password: 'carol-directory-pw' };
const BOB: Credentials = { username: 'bob', password: 'bob-directory-pw' };

/** Core in ldap_auth mode against a real slapd with people, groups and memberOf. */
describe('LDAP sign-in, directory lookups and groups', () => {
  let slapd: SlapdProcess;
  let core: CoreTestApp;
  let ldapSettings: Record<string, unknown>;

  beforeAll(async () => {
    slapd = await startSlapd(
      [
        { uid: 'alice', cn: 'Alice Liddell', mail: 'alice@example.com', password: ALICE.password },
        { uid: 'bob', cn: 'Bob Builder', mail: 'bob@example.com', password: BOB.password },
        { uid: 'carol', cn: 'Carol Danvers', password: CAROL.password },
      ],
      [
        { cn: 'developers', members: ['alice'] },
        { cn: 'harbor-admins', members: ['carol'] },
        { cn: 'qa', members: ['bob'] },
        { cn: 'ops', members: [] },
      ],
    );
    core = await startCore();
    ldapSettings = {
      auth_mode: 'ldap_auth',
      ldap_url: slapd.url,
      ldap_search_dn: slapd.admin.dn,
      ldap_search_password: slapd.admin.password,
      ldap_base_dn: slapd.peopleDn,
      ldap_filter: '(objectClass=inetOrgPerson)',
      ldap_uid: 'uid',
      ldap_scope: 2,
      ldap_group_base_dn: slapd.groupsDn,
      ldap_group_search_filter: 'objectClass=groupOfNames',
      ldap_group_attribute_name: 'cn',
      ldap_group_admin_dn: slapd.groupDn('harbor-admins'),
      ldap_group_membership_attribute: 'memberOf',
    };
  }, 60_000);
  afterAll(async () => {
    await core?.close();
    await slapd?.stop();
  });

  it('tests the connection before saving, with Harbor ping results', async () => {
    const ok = await api(core.baseUrl, 'POST', '/ldap/ping', {
      as: ADMIN,
      body: {
        ldap_url: slapd.url,
        ldap_search_dn: slapd.admin.dn,
        ldap_search_password: slapd.admin.password,
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ success: true });
    const wrong = await api(core.baseUrl, 'POST', '/ldap/ping', {
      as: ADMIN,
      body: { ldap_url: slapd.url, ldap_search_dn: slapd.admin.dn, ldap_search_password: 'nope' },
    });
    expect(wrong.body).toEqual({ success: false, message: 'error: invalid credential' });
    const badScheme = await api(core.baseUrl, 'POST', '/ldap/ping', {
      as: ADMIN,
      body: { ldap_url: 'http://127.0.0.1:1', ldap_search_dn: 'cn=x', ldap_search_password: 'x' },
    });
    expect(badScheme.body).toMatchObject({
      success: false,
      message: expect.stringMatching(/unknown LDAP protocol/),
    });
    const metadata = await api(core.baseUrl, 'POST', '/ldap/ping', {
      as: ADMIN,
      body: { ldap_url: 'ldap://169.254.169.254', ldap_search_dn: 'cn=x', ldap_search_password: 'x' },
    });
    expect(metadata.body).toMatchObject({
      success: false,
      message: expect.stringMatching(/forbidden address/),
    });
    const notAdmin = await api(core.baseUrl, 'POST', '/ldap/ping', { body: {} });
    expect(notAdmin.status).toBe(401);
  });

  it('speaks ldaps://, checking the certificate unless ldap_verify_cert is off', async () => {
    const body = (verify: boolean) => ({
      ldap_url: slapd.ldapsUrl,
      ldap_search_dn: slapd.admin.dn,
      ldap_search_password: slapd.admin.password,
      ldap_verify_cert: verify,
    });
    const verified = await api(core.baseUrl, 'POST', '/ldap/ping', { as: ADMIN, body: body(true) });
    expect(verified.body).toMatchObject({ success: false, message: expect.stringMatching(/certificate/i) });
    const unverified = await api(core.baseUrl, 'POST', '/ldap/ping', { as: ADMIN, body: body(false) });
    expect(unverified.body).toEqual({ success: true });
  });

  it('saves the settings, never returns the search password, and locks nothing while only admin exists', async () => {
    const saved = await api(core.baseUrl, 'PUT', '/configurations', { as: ADMIN, body: ldapSettings });
    expect(saved.status).toBe(200);
    const read = await api(core.baseUrl, 'GET', '/configurations', { as: ADMIN });
    expect(read.body.ldap_url).toEqual({ value: slapd.url, editable: true });
    expect(read.body.ldap_uid.value).toBe('uid');
    expect(JSON.stringify(read.body)).not.toContain(slapd.admin.password);
    expect(read.body.ldap_search_password).toBeUndefined();
    const stored: { v: string }[] = await core.app
      .get(DataSource)
      .query(`SELECT v FROM properties WHERE k = 'ldap_search_password'`);
    expect(stored[0]!.v).toMatch(/^"v1:/);
    // the saved password is used when a ping leaves it out, as the portal's "test" does
    const ping = await api(core.baseUrl, 'POST', '/ldap/ping', { as: ADMIN, body: { ldap_url: slapd.url } });
    expect(ping.body).toEqual({ success: true });
  });

  it('searches directory users and groups', async () => {
    const users = await api(core.baseUrl, 'GET', '/ldap/users/search?username=alice', { as: ADMIN });
    expect(users.body).toEqual([
      { username: 'alice', realname: 'Alice Liddell', email: 'alice@example.com' },
    ]);
    const all = await api(core.baseUrl, 'GET', '/ldap/users/search', { as: ADMIN });
    expect(all.body.map((u: { username: string }) => u.username).sort()).toEqual(['alice', 'bob', 'carol']);
    const injected = await api(
      core.baseUrl,
      'GET',
      `/ldap/users/search?username=${encodeURIComponent('*)(uid=*')}`,
      {
        as: ADMIN,
      },
    );
    expect(injected.body).toEqual([]);
    const byName = await api(core.baseUrl, 'GET', '/ldap/groups/search?groupname=developers', { as: ADMIN });
    expect(byName.body).toEqual([{ group_name: 'developers', ldap_group_dn: slapd.groupDn('developers') }]);
    const byDn = await api(
      core.baseUrl,
      'GET',
      `/ldap/groups/search?groupdn=${encodeURIComponent(slapd.groupDn('qa'))}`,
      { as: ADMIN },
    );
    expect(byDn.body).toEqual([{ group_name: 'qa', ldap_group_dn: slapd.groupDn('qa') }]);
    const missing = await api(core.baseUrl, 'GET', '/ldap/groups/search?groupname=nobody', { as: ADMIN });
    expect(missing.status).toBe(404);
  });

  it('signs a directory user in (onboarding them), refuses wrong passwords and filter injection', async () => {
    const signedIn = await login(core.baseUrl, ALICE);
    expect(signedIn.response.status).toBe(200);
    const me = await fetch(`${core.baseUrl}/api/v2.0/users/current`, {
      headers: { cookie: signedIn.cookie },
    });
    expect(await me.json()).toMatchObject({
      username: 'alice',
      email: 'alice@example.com',
      realname: 'Alice Liddell',
      comment: 'from LDAP.',
      sysadmin_flag: false,
    });
    expect((await login(core.baseUrl, { ...ALICE, password: 'wrong' })).response.status).toBe(401);
    expect((await login(core.baseUrl, { ...ALICE, password: '' })).response.status).toBe(401);
    expect(
      (await login(core.baseUrl, { username: '*)(uid=*', password: ALICE.password })).response.status,
    ).toBe(401);
    expect((await login(core.baseUrl, { username: '*', password: ALICE.password })).response.status).toBe(
      401,
    );
    // basic auth on the API, as scripts and docker use it
    expect((await api(core.baseUrl, 'GET', '/users/current', { as: ALICE })).status).toBe(200);
    expect(
      (await api(core.baseUrl, 'GET', '/users/current', { as: { ...ALICE, password: 'x' } })).status,
    ).toBe(401);
    // the local admin still signs in against the database
    expect((await api(core.baseUrl, 'GET', '/users/current', { as: ADMIN })).body.username).toBe('admin');
  });

  it('gives the admin group admin rights, and refuses to switch mode now that users exist', async () => {
    const carol = await api(core.baseUrl, 'GET', '/users/current', { as: CAROL });
    expect(carol.body).toMatchObject({ username: 'carol', sysadmin_flag: false, admin_role_in_auth: true });
    expect((await api(core.baseUrl, 'GET', '/users', { as: CAROL })).status).toBe(200);
    expect((await api(core.baseUrl, 'GET', '/users', { as: ALICE })).status).toBe(403);
    const switched = await api(core.baseUrl, 'PUT', '/configurations', {
      as: ADMIN,
      body: { auth_mode: 'db_auth' },
    });
    expect(switched.status).toBe(400);
    expect(switched.body.errors[0].message).toMatch(
      /cannot be changed when there are users other than admin/,
    );
    const read = await api(core.baseUrl, 'GET', '/configurations', { as: ADMIN });
    expect(read.body.auth_mode).toEqual({ value: 'ldap_auth', editable: false });
  });

  it('makes a directory group a project member: its users get the role, others do not', async () => {
    const projectId = await createProject(core.baseUrl, 'ldap-team');
    const added = await api(core.baseUrl, 'POST', `/projects/${projectId}/members`, {
      as: ADMIN,
      body: { role_id: 2, member_group: { ldap_group_dn: slapd.groupDn('developers') } },
    });
    expect(added.status).toBe(201);
    const members = await api(core.baseUrl, 'GET', `/projects/${projectId}/members`, { as: ADMIN });
    expect(members.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity_type: 'g', entity_name: 'developers', role_name: 'developer' }),
      ]),
    );
    const duplicate = await api(core.baseUrl, 'POST', `/projects/${projectId}/members`, {
      as: ADMIN,
      body: { role_id: 3, member_group: { ldap_group_dn: slapd.groupDn('developers') } },
    });
    expect(duplicate.status).toBe(409);
    // alice signs in again: her groups are re-read, and the group's role is hers
    expect((await login(core.baseUrl, ALICE)).response.status).toBe(200);
    const perms = await api(
      core.baseUrl,
      'GET',
      `/users/current/permissions?scope=/project/${projectId}&relative=true`,
      {
        as: ALICE,
      },
    );
    expect(perms.body).toEqual(expect.arrayContaining([{ resource: 'repository', action: 'push' }]));
    const projects = await api(core.baseUrl, 'GET', '/projects?name=ldap-team', { as: ALICE });
    expect(projects.body).toEqual([expect.objectContaining({ name: 'ldap-team', current_user_role_id: 2 })]);
    expect((await api(core.baseUrl, 'GET', `/projects/${projectId}/repositories`, { as: BOB })).status).toBe(
      403,
    );
  });

  it('manages user groups through /usergroups', async () => {
    const created = await api(core.baseUrl, 'POST', '/usergroups', {
      as: ADMIN,
      body: { group_name: 'operations', group_type: 1, ldap_group_dn: slapd.groupDn('ops') },
    });
    expect(created.status).toBe(201);
    const id = Number(created.headers.get('location')!.split('/').pop());
    const unknownDn = await api(core.baseUrl, 'POST', '/usergroups', {
      as: ADMIN,
      body: { group_name: 'ghosts', group_type: 1, ldap_group_dn: `cn=ghosts,${slapd.groupsDn}` },
    });
    expect(unknownDn.status).toBe(400);
    const again = await api(core.baseUrl, 'POST', '/usergroups', {
      as: ADMIN,
      body: { group_name: 'ops-again', group_type: 1, ldap_group_dn: slapd.groupDn('ops').toUpperCase() },
    });
    expect(again.status).toBe(409);
    expect(
      (await api(core.baseUrl, 'PUT', `/usergroups/${id}`, { as: ADMIN, body: { group_name: 'Ops' } }))
        .status,
    ).toBe(200);
    const got = await api(core.baseUrl, 'GET', `/usergroups/${id}`, { as: ADMIN });
    expect(got.body).toEqual({ id, group_name: 'Ops', group_type: 1, ldap_group_dn: slapd.groupDn('ops') });
    const listed = await api(core.baseUrl, 'GET', '/usergroups?group_name=OPS', { as: ADMIN });
    expect(listed.headers.get('x-total-count')).toBe('1');
    const searched = await api(core.baseUrl, 'GET', '/usergroups/search?groupname=dev', { as: ALICE });
    expect(searched.body).toEqual([{ id: expect.any(Number), group_name: 'developers', group_type: 1 }]);
    expect((await api(core.baseUrl, 'GET', '/usergroups', { as: ALICE })).status).toBe(403);
    expect((await api(core.baseUrl, 'DELETE', `/usergroups/${id}`, { as: ADMIN })).status).toBe(200);
    expect((await api(core.baseUrl, 'GET', `/usergroups/${id}`, { as: ADMIN })).status).toBe(404);
  });

  it('imports directory users, with Harbor failure reasons', async () => {
    const imported = await api(core.baseUrl, 'POST', '/ldap/users/import', {
      as: ADMIN,
      body: { ldap_uid_list: ['bob', 'nobody', ''] },
    });
    expect(imported.status).toBe(404);
    expect(imported.body).toEqual([
      { uid: 'nobody', error: 'unknown_user' },
      { uid: '', error: 'empty_uid' },
    ]);
    const bob = await api(core.baseUrl, 'GET', '/users/search?username=bob', { as: ADMIN });
    expect(bob.body).toEqual([expect.objectContaining({ username: 'bob' })]);
    const ok = await api(core.baseUrl, 'POST', '/ldap/users/import', {
      as: ADMIN,
      body: { ldap_uid_list: ['bob'] },
    });
    expect(ok.status).toBe(200);
  });

  it('leaves users to the directory: no local users, no profile or password changes but the admin', async () => {
    const created = await api(core.baseUrl, 'POST', '/users', {
      as: ADMIN,
      body: { username: 'local', email: 'local@example.com', realname: 'L', password: 'Local12345' },
    });
    expect(created.status).toBe(403);
    expect(created.body.errors[0].message).toBe(
      'creating local user is not allowed under auth mode: ldap_auth',
    );
    const alice = await api(core.baseUrl, 'GET', '/users/current', { as: ALICE });
    const changed = await api(core.baseUrl, 'PUT', `/users/${alice.body.user_id}/password`, {
      as: ALICE,
      body: { old_password: ALICE.password, new_password: 'Another12345' },
    });
    expect(changed.status).toBe(403);
    const profile = await api(core.baseUrl, 'PUT', `/users/${alice.body.user_id}`, {
      as: ADMIN,
      body: { email: 'other@example.com', realname: 'x', comment: '' },
    });
    expect(profile.status).toBe(403);
    const admin = await api(core.baseUrl, 'PUT', '/users/1', {
      as: ADMIN,
      body: { email: 'admin@example.com', realname: 'admin', comment: '' },
    });
    expect(admin.status).toBe(200);
  });

  it('refuses directory users, not the local admin, while the directory is unreachable', async () => {
    await api(core.baseUrl, 'PUT', '/configurations', {
      as: ADMIN,
      body: { ldap_url: 'ldap://127.0.0.1:1' },
    });
    try {
      expect(
        (await api(core.baseUrl, 'GET', '/projects', { as: { ...ALICE, password: 'not-remembered' } }))
          .status,
      ).toBe(401);
      expect((await api(core.baseUrl, 'GET', '/projects', { as: ADMIN })).status).toBe(200);
    } finally {
      await api(core.baseUrl, 'PUT', '/configurations', { as: ADMIN, body: { ldap_url: slapd.url } });
    }
  });
});
