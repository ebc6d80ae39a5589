import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, type Credentials } from '../support/harbor-client.js';
import { createUser } from '../support/fixtures.js';
import { startCore, type CoreTestApp } from '../support/core-test-app.js';

/**
 * The request sequences terraform-provider-harbor sends, with the answers Harbor gives. The provider keeps
 * a resource's id as the `Location` header minus `/api/v2.0` (`/projects/5`), reads the resource back at
 * that path after every write, and sends metadata as the strings "true"/"false".
 */
describe('fidelity: terraform-provider-harbor', () => {
  let core: CoreTestApp;
  let alice: Credentials & { userId: number };

  /** The provider's GetID: the Location header without `/api` and `/v2.0`. */
  const resourceId = (location: string | null) => (location ?? '').replace('/api', '').replace('/v2.0', '');

  beforeAll(async () => {
    core = await startCore();
    alice = await createUser(core.baseUrl, 'alice');
  });
  afterAll(() => core.close());

  it('harbor_project: create with string metadata, read back by Location, update, 409 on a duplicate', async () => {
    const body = {
      project_name: 'tf-project',
      storage_limit: 10 * 1073741824,
      metadata: {
        auto_scan: 'true',
        public: 'false',
        severity: 'low',
        prevent_vul: 'false',
        enable_content_trust: 'false',
        reuse_sys_cve_allowlist: 'true',
      },
    };
    const created = await api(core.baseUrl, 'POST', '/projects', { as: ADMIN, body });
    expect(created.status).toBe(201);
    const location = created.headers.get('location');
    expect(location).toMatch(/^\/api\/v2\.0\/projects\/\d+$/);
    const id = resourceId(location);

    const read = await api(core.baseUrl, 'GET', id, { as: ADMIN });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      name: 'tf-project',
      metadata: {
        auto_scan: 'true',
        public: 'false',
        severity: 'low',
        prevent_vul: 'false',
        enable_content_trust: 'false',
        reuse_sys_cve_allowlist: 'true',
      },
    });

    // Update: only `metadata` counts; a top-level `public` is ignored on update, as Harbor ignores it.
    const updated = await api(core.baseUrl, 'PUT', id, {
      as: ADMIN,
      body: { public: true, metadata: { auto_scan: 'false', severity: 'high', prevent_vul: 'true' } },
    });
    expect(updated.status).toBe(200);
    const reread = await api(core.baseUrl, 'GET', id, { as: ADMIN });
    expect(reread.body.metadata).toMatchObject({
      public: 'false',
      auto_scan: 'false',
      severity: 'high',
      prevent_vul: 'true',
      reuse_sys_cve_allowlist: 'true',
    });
    const publicNow = await api(core.baseUrl, 'PUT', id, {
      as: ADMIN,
      body: { metadata: { public: 'true' } },
    });
    expect(publicNow.status).toBe(200);
    expect((await api(core.baseUrl, 'GET', id, { as: ADMIN })).body.metadata.public).toBe('true');

    const duplicate = await api(core.baseUrl, 'POST', '/projects', { as: ADMIN, body });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({
      errors: [{ code: 'CONFLICT', message: expect.stringContaining('tf-project') }],
    });

    const badPublic = await api(core.baseUrl, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'tf-bad', metadata: { public: 'yes' } },
    });
    expect(badPublic.status).toBe(400);
  });

  it('creation: the top-level `public` counts when metadata has none, and storage_limit 0 means the default', async () => {
    const created = await api(core.baseUrl, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'tf-legacy', public: true, storage_limit: 0 },
    });
    expect(created.status).toBe(201);
    const id = resourceId(created.headers.get('location'));
    expect((await api(core.baseUrl, 'GET', id, { as: ADMIN })).body.metadata.public).toBe('true');
    const summary = await api(core.baseUrl, 'GET', `${id}/summary`, { as: ADMIN });
    expect(summary.body.quota.hard).toEqual({ storage: -1 });
  });

  it('storage quota: pages through /quotas/ (trailing slash) to find the project, then PUTs the new limit', async () => {
    const created = await api(core.baseUrl, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'tf-quota', storage_limit: 1073741824 },
    });
    const projectId = Number(resourceId(created.headers.get('location')).replace('/projects/', ''));
    const page = await api(core.baseUrl, 'GET', '/quotas/?page=1&page_size=100', { as: ADMIN });
    expect(page.status).toBe(200);
    const quota = (page.body as { id: number; ref: { id: number }; hard: { storage: number } }[]).find(
      (q) => q.ref.id === projectId,
    );
    expect(quota?.hard).toEqual({ storage: 1073741824 });
    const put = await api(core.baseUrl, 'PUT', `/quotas/${quota!.id}`, {
      as: ADMIN,
      body: { hard: { storage: 2 * 1073741824 } },
    });
    expect(put.status).toBe(200);
    const after = await api(core.baseUrl, 'GET', `/quotas/${quota!.id}`, { as: ADMIN });
    expect(after.body.hard).toEqual({ storage: 2 * 1073741824 });
    // Quotas are a system resource: a project's own admin may not list them.
    expect((await api(core.baseUrl, 'GET', '/quotas', { as: alice })).status).toBe(403);
  });

  it('harbor_project_member_user: 201 with Location under the project, read back, 409 on a duplicate', async () => {
    const project = await api(core.baseUrl, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'tf-members' },
    });
    const projectPath = resourceId(project.headers.get('location'));
    const body = { role_id: 2, member_user: { username: 'alice' } };
    const added = await api(core.baseUrl, 'POST', `${projectPath}/members`, { as: ADMIN, body });
    expect(added.status).toBe(201);
    const location = added.headers.get('location');
    expect(location).toMatch(new RegExp(`^/api/v2\\.0${projectPath}/members/\\d+$`));
    const member = await api(core.baseUrl, 'GET', resourceId(location), { as: ADMIN });
    expect(member.body).toMatchObject({
      entity_name: 'alice',
      entity_type: 'u',
      role_id: 2,
      role_name: 'developer',
    });
    expect((await api(core.baseUrl, 'POST', `${projectPath}/members`, { as: ADMIN, body })).status).toBe(409);
    const changed = await api(core.baseUrl, 'PUT', resourceId(location), { as: ADMIN, body: { role_id: 3 } });
    expect(changed.status).toBe(200);
    const listed = await api(core.baseUrl, 'GET', `${projectPath}/members?entityname=ali`, { as: ADMIN });
    expect(
      listed.body.map((m: { entity_name: string; role_id: number }) => [m.entity_name, m.role_id]),
    ).toEqual([['alice', 3]]);
  });

  it('harbor_robot_account: 201 with Location and the secret once, read back by id, found by its created name', async () => {
    await api(core.baseUrl, 'POST', '/projects', { as: ADMIN, body: { project_name: 'tf-robots' } });
    const body = {
      name: 'deployer',
      description: 'CI',
      disable: false,
      duration: -1,
      level: 'project',
      permissions: [
        {
          kind: 'project',
          namespace: 'tf-robots',
          access: [{ resource: 'repository', action: 'pull', effect: 'allow' }],
        },
      ],
    };
    const created = await api(core.baseUrl, 'POST', '/robots', { as: ADMIN, body });
    expect(created.status).toBe(201);
    const location = created.headers.get('location');
    expect(location).toBe(`/api/v2.0/robots/${created.body.id}`);
    expect(created.body).toMatchObject({ name: 'robot$tf-robots+deployer', expires_at: -1 });
    expect(typeof created.body.secret).toBe('string');

    const read = await api(core.baseUrl, 'GET', resourceId(location), { as: ADMIN });
    expect(read.body).toMatchObject({ name: 'robot$tf-robots+deployer', level: 'project', disable: false });
    expect(read.body).not.toHaveProperty('secret');

    // Looked up by the name it was created with (the `+` travels as %2B inside the encoded q).
    const projectId = (await api(core.baseUrl, 'GET', '/projects/tf-robots', { as: ADMIN })).body.project_id;
    const q = encodeURIComponent(`Level=project,ProjectID=${projectId},name=tf-robots%2Bdeployer`);
    const found = await api(core.baseUrl, 'GET', `/robots?q=${q}`, { as: ADMIN });
    expect(found.body.map((r: { id: number }) => r.id)).toEqual([created.body.id]);

    expect((await api(core.baseUrl, 'POST', '/robots', { as: ADMIN, body })).status).toBe(409);
  });

  it('harbor_label: 201 with Location, read back, 409 for the same name in the same scope', async () => {
    const body = { name: 'tf-label', color: '#61717D', description: 'from terraform', scope: 'g' };
    const created = await api(core.baseUrl, 'POST', '/labels', { as: ADMIN, body });
    expect(created.status).toBe(201);
    const location = created.headers.get('location');
    expect(location).toMatch(/^\/api\/v2\.0\/labels\/\d+$/);
    const read = await api(core.baseUrl, 'GET', resourceId(location), { as: ADMIN });
    expect(read.body).toMatchObject({ name: 'tf-label', color: '#61717D', scope: 'g', project_id: 0 });
    expect((await api(core.baseUrl, 'POST', '/labels', { as: ADMIN, body })).status).toBe(409);
  });

  it('harbor_user: 201 with Location, read back without the password, 409 for a taken name', async () => {
    const body = {
      username: 'tf-user',
      email: 'tf-user@example.com',
      realname: 'TF User',
      password: 'Passw0rd1',
      comment: 'managed',
    };
    const created = await api(core.baseUrl, 'POST', '/users', { as: ADMIN, body });
    expect(created.status).toBe(201);
    const location = created.headers.get('location');
    expect(location).toMatch(/^\/api\/v2\.0\/users\/\d+$/);
    const read = await api(core.baseUrl, 'GET', resourceId(location), { as: ADMIN });
    expect(read.body).toMatchObject({
      username: 'tf-user',
      email: 'tf-user@example.com',
      realname: 'TF User',
      comment: 'managed',
      sysadmin_flag: false,
    });
    expect(read.body).not.toHaveProperty('password');
    const again = await api(core.baseUrl, 'POST', '/users', {
      as: ADMIN,
      body: { ...body, email: 'other@example.com' },
    });
    expect(again.status).toBe(409);
    const admin = await api(core.baseUrl, 'PUT', `${resourceId(location)}/sysadmin`, {
      as: ADMIN,
      body: { sysadmin_flag: true },
    });
    expect(admin.status).toBe(200);
    expect((await api(core.baseUrl, 'GET', resourceId(location), { as: ADMIN })).body.sysadmin_flag).toBe(
      true,
    );
  });
});
