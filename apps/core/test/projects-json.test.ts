import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';

/**
 * The project listing and search answer with JSON written by Postgres; a get of one project still builds
 * it in core (toProjectResp). A listed project must read as its get does: same fields, values, key order.
 */
describe('project listing and search written by Postgres', () => {
  let core: CoreTestApp;
  let owner: Credentials & { userId: number };
  let member: Credentials & { userId: number };
  const callers = () => [ADMIN, owner, member, undefined] as const;

  beforeAll(async () => {
    core = await startCore();
    owner = await createUser(core.baseUrl, 'pj-owner');
    member = await createUser(core.baseUrl, 'pj-member');
    const open = await createProject(core.baseUrl, 'pj-open', { public: true, as: owner });
    const closed = await createProject(core.baseUrl, 'pj-closed', { as: owner });
    await createProject(core.baseUrl, 'pj-admins');
    await addMember(core.baseUrl, closed, member.username, 2);
    await addMember(core.baseUrl, open, member.username, 4);
    const put = (id: number, body: unknown) =>
      api(core.baseUrl, 'PUT', `/projects/${id}`, { as: ADMIN, body });
    expect(
      (
        await put(closed, {
          metadata: {
            auto_scan: 'true',
            severity: 'high',
            prevent_vul: 'true',
            reuse_sys_cve_allowlist: 'false',
          },
          cve_allowlist: { expires_at: 4102444800, items: [{ cve_id: 'CVE-2023-4911' }] },
        })
      ).status,
    ).toBe(200);
    expect((await put(open, { metadata: { retention_id: '7', public: 'true' } })).status).toBe(200);
  });
  afterAll(() => core.close());

  it('lists each project as its get shows it, for admins, owners, members and anonymous callers', async () => {
    for (const as of callers()) {
      const listed = await api(core.baseUrl, 'GET', '/projects?page_size=100&sort=name', { as });
      expect(listed.status).toBe(200);
      expect(listed.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const items = listed.body as { project_id: number; name: string }[];
      expect(listed.headers.get('x-total-count')).toBe(String(items.length));
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        const single = await api(core.baseUrl, 'GET', `/projects/${item.project_id}`, { as });
        expect(JSON.stringify(item)).toBe(JSON.stringify(single.body));
      }
    }
  });

  it('keeps the metadata order, roles and allowlist of a listed project', async () => {
    const listed = await api(core.baseUrl, 'GET', '/projects?name=pj-closed', { as: member });
    const [closed] = listed.body as Record<string, unknown>[];
    expect(Object.keys(closed!.metadata as object)).toEqual([
      'public',
      'severity',
      'auto_scan',
      'prevent_vul',
      'reuse_sys_cve_allowlist',
    ]);
    expect(closed).toMatchObject({
      owner_name: 'pj-owner',
      togglable: false,
      current_user_role_id: 2,
      current_user_role_ids: [2],
      repo_count: 0,
      cve_allowlist: { expires_at: 4102444800, items: [{ cve_id: 'CVE-2023-4911' }] },
    });
    expect(closed).not.toHaveProperty('registry_id');
  });

  it('gives an empty page with its total, and search answers with the same projects', async () => {
    const empty = await api(core.baseUrl, 'GET', '/projects?page=50&page_size=10', { as: ADMIN });
    expect(empty.body).toEqual([]);
    expect(Number(empty.headers.get('x-total-count'))).toBeGreaterThan(0);
    for (const as of callers()) {
      const found = await api(core.baseUrl, 'GET', '/search?q=pj-', { as });
      expect(found.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const listed = await api(core.baseUrl, 'GET', '/projects?name=pj-&sort=name&page_size=100', { as });
      expect(JSON.stringify(found.body)).toBe(JSON.stringify({ project: listed.body, repository: [] }));
    }
    const none = await api(core.baseUrl, 'GET', '/search?q=nothing-here', { as: member });
    expect(JSON.stringify(none.body)).toBe('{"project":[],"repository":[]}');
  });
});
