import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ADMIN, api, login, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { seedRepository } from './support/catalog-seed.js';
import { definitionFields, expectSchema } from './support/swagger-schema.js';
import type { CoreEvent } from '@harbor-ts/events';
import { CoreEvents } from '../src/events/core-events.js';
import { QuotaService } from '../src/quotas/quota.service.js';
import { ReadOnlyService } from '../src/configurations/read-only.service.js';

describe('admin API: repositories, labels, quotas, audit logs, search, statistics, configuration', () => {
  let core: CoreTestApp;
  let db: DataSource;
  let dev: Credentials & { userId: number };
  let outsider: Credentials & { userId: number };
  let teamId: number;
  let openId: number;

  beforeAll(async () => {
    core = await startCore();
    db = core.app.get(DataSource);
    dev = await createUser(core.baseUrl, 'dev');
    outsider = await createUser(core.baseUrl, 'outsider');
    teamId = await createProject(core.baseUrl, 'team');
    openId = await createProject(core.baseUrl, 'open', { public: true });
    await addMember(core.baseUrl, teamId, 'dev', 2);
    await seedRepository(db, { id: teamId, name: 'team' }, 'app', 3);
    await seedRepository(db, { id: teamId, name: 'team' }, 'nested/tool', 1);
    await seedRepository(db, { id: openId, name: 'open' }, 'web', 2);
  });
  afterAll(() => core.close());

  describe('repositories', () => {
    it("lists a project's repositories in Harbor's shape with paging headers", async () => {
      const listed = await api(core.baseUrl, 'GET', '/projects/team/repositories?page_size=1&sort=name', {
        as: dev,
      });
      expect(listed.status).toBe(200);
      expectSchema(listed.body, 'Repository[]');
      expect(Object.keys(listed.body[0]).sort()).toEqual(definitionFields('Repository'));
      expect(listed.body[0]).toMatchObject({
        name: 'team/app',
        project_id: teamId,
        artifact_count: 3,
        pull_count: 0,
      });
      expect(listed.headers.get('x-total-count')).toBe('2');
      expect(listed.headers.get('link')).toContain('rel="next"');
      const filtered = await api(core.baseUrl, 'GET', '/projects/team/repositories?q=name%3D~tool', {
        as: dev,
      });
      expect(filtered.body.map((r: { name: string }) => r.name)).toEqual(['team/nested/tool']);
      // Clients such as harbor-cli encode the whole q value, so `~` arrives as %7E and Harbor decodes again.
      const clientEncoded = await api(core.baseUrl, 'GET', '/projects/team/repositories?q=name%3D%257Etool', {
        as: dev,
      });
      expect(clientEncoded.body.map((r: { name: string }) => r.name)).toEqual(['team/nested/tool']);
    });

    it('refuses page_size above 100 with 422, as go-swagger does for the swagger maximum', async () => {
      const refused = await api(core.baseUrl, 'GET', '/projects/team/repositories?page_size=101', {
        as: dev,
      });
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0]).toEqual({
        code: 'UNPROCESSABLE_ENTITY',
        message: 'validation failure list:\npage_size in query should be less than or equal to 100',
      });
    });

    it.each(['q=name', 'q=name%3D~', `q=${encodeURIComponent('name={a,b}')}`])(
      'refuses %s with 400',
      async (query) => {
        const refused = await api(core.baseUrl, 'GET', `/projects/team/repositories?${query}`, { as: dev });
        expect(refused.status).toBe(400);
        expect(refused.body.errors[0].code).toBe('BAD_REQUEST');
      },
    );

    it.each(['q=password%3Dx', 'sort=-secret', 'q=salt%3D~a'])(
      'ignores %s, as Harbor does',
      async (query) => {
        const all = await api(core.baseUrl, 'GET', '/projects/team/repositories', { as: dev });
        const ignored = await api(core.baseUrl, 'GET', `/projects/team/repositories?${query}`, { as: dev });
        expect(ignored.status).toBe(200);
        expect(ignored.body).toEqual(all.body);
      },
    );

    it('lists all repositories a caller can see', async () => {
      const mine = await api(core.baseUrl, 'GET', '/repositories?page_size=100', { as: dev });
      expectSchema(mine.body, 'Repository[]');
      expect(mine.body.map((r: { name: string }) => r.name).sort()).toEqual([
        'open/web',
        'team/app',
        'team/nested/tool',
      ]);
      const theirs = await api(core.baseUrl, 'GET', '/repositories', { as: outsider });
      expect(theirs.body.map((r: { name: string }) => r.name)).toEqual(['open/web']);
      expect(
        (await api(core.baseUrl, 'GET', '/repositories', { as: ADMIN })).headers.get('x-total-count'),
      ).toBe('3');
    });

    it('reads and describes a repository whose name holds a slash, encoded twice', async () => {
      const got = await api(core.baseUrl, 'GET', '/projects/team/repositories/nested%252Ftool', { as: dev });
      expect(got.status).toBe(200);
      expectSchema(got.body, 'Repository');
      expect(got.body.name).toBe('team/nested/tool');
      const put = await api(core.baseUrl, 'PUT', '/projects/team/repositories/nested%252Ftool', {
        as: dev,
        body: { description: 'a tool' },
      });
      expect(put.status).toBe(200);
      expect(
        (await api(core.baseUrl, 'GET', '/projects/team/repositories/nested%252Ftool', { as: dev })).body
          .description,
      ).toBe('a tool');
      expect(
        (await api(core.baseUrl, 'GET', '/projects/team/repositories/missing', { as: dev })).status,
      ).toBe(404);
    });

    it("does not reach another project's repository through a project the caller may use", async () => {
      expect((await api(core.baseUrl, 'GET', '/projects/team/repositories/web', { as: dev })).status).toBe(
        404,
      );
      expect(
        (await api(core.baseUrl, 'DELETE', '/projects/team/repositories/web', { as: ADMIN })).status,
      ).toBe(404);
      expect(
        (await api(core.baseUrl, 'GET', '/projects/team/repositories/app', { as: outsider })).status,
      ).toBe(403);
      expect((await api(core.baseUrl, 'DELETE', '/projects/open/repositories/web', { as: dev })).status).toBe(
        403,
      );
    });

    it('delete moves artifacts to the trash, removes tags, and is audited', async () => {
      await seedRepository(db, { id: teamId, name: 'team' }, 'doomed', 2);
      expect(
        (await api(core.baseUrl, 'DELETE', '/projects/team/repositories/doomed', { as: dev })).status,
      ).toBe(403);
      const deleted = await api(core.baseUrl, 'DELETE', '/projects/team/repositories/doomed', { as: ADMIN });
      expect(deleted.status).toBe(200);
      const trash = await db.query(`SELECT digest FROM artifact_trash WHERE repository_name = 'team/doomed'`);
      expect(trash).toHaveLength(2);
      expect(await db.query(`SELECT 1 FROM artifact WHERE repository_name = 'team/doomed'`)).toHaveLength(0);
      expect(
        (await api(core.baseUrl, 'GET', '/projects/team/repositories/doomed', { as: ADMIN })).status,
      ).toBe(404);
      const logs = await api(
        core.baseUrl,
        'GET',
        '/projects/team/logs?q=resource_type%3Drepository,operation%3Ddelete',
        { as: dev },
      );
      expect(logs.body[0]).toMatchObject({ resource: 'team/doomed', username: 'admin' });
    });

    it('refuses deletes while the system is read-only', async () => {
      await seedRepository(db, { id: teamId, name: 'team' }, 'kept', 1);
      const label = await api(core.baseUrl, 'POST', '/labels', {
        as: ADMIN,
        body: { name: 'frozen', scope: 'g' },
      });
      const labelId = Number(label.headers.get('location')?.split('/').pop());
      expect(
        (await api(core.baseUrl, 'PUT', '/configurations', { as: ADMIN, body: { read_only: true } })).status,
      ).toBe(200);
      await expect(core.app.get(ReadOnlyService).assertWritable()).rejects.toThrow(/read only/);
      const refused = await api(core.baseUrl, 'DELETE', '/projects/team/repositories/kept', { as: ADMIN });
      expect(refused.status).toBe(403);
      expect(refused.body.errors[0].code).toBe('DENIED');
      expect((await api(core.baseUrl, 'DELETE', `/labels/${labelId}`, { as: ADMIN })).status).toBe(403);
      await api(core.baseUrl, 'PUT', '/configurations', { as: ADMIN, body: { read_only: false } });
      expect(
        (await api(core.baseUrl, 'DELETE', '/projects/team/repositories/kept', { as: ADMIN })).status,
      ).toBe(200);
      expect((await api(core.baseUrl, 'DELETE', `/labels/${labelId}`, { as: ADMIN })).status).toBe(200);
    });
  });

  describe('labels', () => {
    it('admins manage global labels; anyone signed in reads them', async () => {
      const created = await api(core.baseUrl, 'POST', '/labels', {
        as: ADMIN,
        body: { name: 'stable', color: '#00ff00', scope: 'g' },
      });
      expect(created.status).toBe(201);
      const id = Number(created.headers.get('location')?.split('/').pop());
      expect(
        (await api(core.baseUrl, 'POST', '/labels', { as: ADMIN, body: { name: 'stable', scope: 'g' } }))
          .status,
      ).toBe(409);
      expect(
        (await api(core.baseUrl, 'POST', '/labels', { as: dev, body: { name: 'mine', scope: 'g' } })).status,
      ).toBe(403);
      const got = await api(core.baseUrl, 'GET', `/labels/${id}`, { as: outsider });
      expectSchema(got.body, 'Label');
      expect(Object.keys(got.body).sort()).toEqual(definitionFields('Label'));
      expect(got.body).toMatchObject({ name: 'stable', scope: 'g', project_id: 0, color: '#00ff00' });
      const listed = await api(core.baseUrl, 'GET', '/labels?scope=g&name=sta', { as: dev });
      expectSchema(listed.body, 'Label[]');
      expect(listed.headers.get('x-total-count')).toBe('1');
      expect((await api(core.baseUrl, 'PUT', `/labels/${id}`, { as: dev, body: { name: 'x' } })).status).toBe(
        403,
      );
      expect(
        (await api(core.baseUrl, 'PUT', `/labels/${id}`, { as: ADMIN, body: { name: 'release' } })).status,
      ).toBe(200);
      expect((await api(core.baseUrl, 'DELETE', `/labels/${id}`, { as: ADMIN })).status).toBe(200);
      expect((await api(core.baseUrl, 'GET', `/labels/${id}`, { as: ADMIN })).status).toBe(404);
      expect((await api(core.baseUrl, 'GET', '/labels', {})).status).toBe(401);
    });

    it("project labels follow the project's label permissions and stay in their project", async () => {
      expect(
        (
          await api(core.baseUrl, 'POST', '/labels', {
            as: dev,
            body: { name: 'qa', scope: 'p', project_id: teamId },
          })
        ).status,
      ).toBe(403);
      const created = await api(core.baseUrl, 'POST', '/labels', {
        as: ADMIN,
        body: { name: 'qa', scope: 'p', project_id: teamId },
      });
      expect(created.status).toBe(201);
      const id = Number(created.headers.get('location')?.split('/').pop());
      expect((await api(core.baseUrl, 'GET', `/labels/${id}`, { as: dev })).status).toBe(200);
      expect((await api(core.baseUrl, 'GET', `/labels/${id}`, { as: outsider })).status).toBe(403);
      expect(
        (await api(core.baseUrl, 'PUT', `/labels/${id}`, { as: dev, body: { name: 'qa2' } })).status,
      ).toBe(403);
      const inTeam = await api(core.baseUrl, 'GET', `/labels?scope=p&project_id=${teamId}`, { as: dev });
      expect(inTeam.body.map((l: { id: number }) => l.id)).toEqual([id]);
      const inOpen = await api(core.baseUrl, 'GET', `/labels?scope=p&project_id=${openId}`, { as: ADMIN });
      expect(inOpen.body).toEqual([]);
      expect((await api(core.baseUrl, 'GET', '/labels?scope=p', { as: dev })).status).toBe(400);
      expect(
        (await api(core.baseUrl, 'GET', `/labels?scope=p&project_id=${teamId}`, { as: outsider })).status,
      ).toBe(403);
    });
  });

  describe('quotas', () => {
    it("lists and reads quotas in Harbor's shape, for admins only", async () => {
      const listed = await api(core.baseUrl, 'GET', `/quotas?reference=project&reference_id=${teamId}`, {
        as: ADMIN,
      });
      expect(listed.status).toBe(200);
      expectSchema(listed.body, 'Quota[]');
      expect(listed.body).toHaveLength(1);
      expect(listed.body[0]).toMatchObject({
        ref: { id: teamId, name: 'team', owner_name: 'admin' },
        hard: { storage: -1 },
        used: { storage: 0 },
      });
      expect(Object.keys(listed.body[0]).sort()).toEqual(definitionFields('Quota'));
      expect((await api(core.baseUrl, 'GET', '/quotas?sort=-hard.storage', { as: ADMIN })).status).toBe(200);
      const ignoredSort = await api(core.baseUrl, 'GET', '/quotas?sort=password', { as: ADMIN });
      expect(ignoredSort.status).toBe(200); // Harbor skips sort fields it does not know
      expect(ignoredSort.body).toEqual((await api(core.baseUrl, 'GET', '/quotas', { as: ADMIN })).body);
      expect((await api(core.baseUrl, 'GET', '/quotas', { as: dev })).status).toBe(403);
      expect((await api(core.baseUrl, 'GET', '/quotas', {})).status).toBe(401);
      const id = listed.body[0].id as number;
      expectSchema((await api(core.baseUrl, 'GET', `/quotas/${id}`, { as: ADMIN })).body, 'Quota');
      expect((await api(core.baseUrl, 'GET', `/quotas/${id}`, { as: dev })).status).toBe(403);
      expect((await api(core.baseUrl, 'GET', '/quotas/999999', { as: ADMIN })).status).toBe(404);
    });

    it('gives new projects the configured storage_per_project', async () => {
      expect(
        (
          await api(core.baseUrl, 'PUT', '/configurations', {
            as: ADMIN,
            body: { storage_per_project: 2048 },
          })
        ).status,
      ).toBe(200);
      const projectId = await createProject(core.baseUrl, 'default-quota');
      const [quota] = (await api(core.baseUrl, 'GET', `/quotas?reference_id=${projectId}`, { as: ADMIN }))
        .body;
      expect(quota.hard).toEqual({ storage: 2048 });
      await api(core.baseUrl, 'PUT', '/configurations', { as: ADMIN, body: { storage_per_project: -1 } });
    });

    it("updates hard limits and enforces them in checkAndReserve with Harbor's message", async () => {
      const projectId = await createProject(core.baseUrl, 'quota-test');
      const [quota] = (await api(core.baseUrl, 'GET', `/quotas?reference_id=${projectId}`, { as: ADMIN }))
        .body;
      expect(
        (await api(core.baseUrl, 'PUT', `/quotas/${quota.id}`, { as: ADMIN, body: { hard: { storage: 0 } } }))
          .status,
      ).toBe(400);
      expect(
        (
          await api(core.baseUrl, 'PUT', `/quotas/${quota.id}`, {
            as: ADMIN,
            body: { hard: { storage: 'x' } },
          })
        ).status,
      ).toBe(400);
      expect(
        (await api(core.baseUrl, 'PUT', `/quotas/${quota.id}`, { as: dev, body: { hard: { storage: 10 } } }))
          .status,
      ).toBe(403);
      expect(
        (
          await api(core.baseUrl, 'PUT', `/quotas/${quota.id}`, {
            as: ADMIN,
            body: { hard: { storage: 10 * 1024 * 1024 } },
          })
        ).status,
      ).toBe(200);
      const quotas = core.app.get(QuotaService);
      const quotaEvents: CoreEvent[] = [];
      core.app.get(CoreEvents).subscribe({
        name: 'test',
        handle: (e) => void (e.type.startsWith('quota.') && quotaEvents.push(e)),
      });
      const push = { repository: 'quota-test/app', digest: 'sha256:0', operator: 'dev' };
      const warning = await quotas.checkAndReserve(projectId, 9.5 * 1024 * 1024, push);
      // The warning is the caller's to announce once its write succeeded, as Harbor warns after a push.
      expect(quotaEvents).toEqual([]);
      await warning?.();
      await expect(quotas.checkAndReserve(projectId, Math.round(1.1 * 1024 * 1024), push)).rejects.toThrow(
        'Quota exceeded when processing the request of adding 1.1 MiB of storage resource, which when updated to current usage of 9.5 MiB will exceed the configured upper limit of 10.0 MiB.',
      );
      await quotas.release(projectId, 9.5 * 1024 * 1024);
      await quotas.checkAndReserve(projectId, Math.round(1.1 * 1024 * 1024), push);
      // 95% of the limit warns (Harbor's 85% threshold), the refusal is `exceeded`, 11% says nothing.
      expect(quotaEvents.map((e) => ({ ...e, occurredAt: undefined }))).toEqual([
        {
          type: 'quota.warned',
          ...push,
          projectId,
          hard: 10 * 1024 * 1024,
          used: 0,
          requested: 9.5 * 1024 * 1024,
          occurredAt: undefined,
        },
        {
          type: 'quota.exceeded',
          ...push,
          projectId,
          hard: 10 * 1024 * 1024,
          used: 9.5 * 1024 * 1024,
          requested: Math.round(1.1 * 1024 * 1024),
          occurredAt: undefined,
        },
      ]);
      expect((await api(core.baseUrl, 'GET', `/quotas/${quota.id}`, { as: ADMIN })).body.used.storage).toBe(
        Math.round(Math.round(1.1 * 1024 * 1024)),
      );
    });
  });

  describe('audit logs', () => {
    it('records create/update/delete of projects, members, robots, users and sign-in, without secrets', async () => {
      const projectId = await createProject(core.baseUrl, 'audited');
      const memberId = await addMember(core.baseUrl, projectId, 'outsider', 3);
      await api(core.baseUrl, 'PUT', `/projects/${projectId}/members/${memberId}`, {
        as: ADMIN,
        body: { role_id: 2 },
      });
      await api(core.baseUrl, 'DELETE', `/projects/${projectId}/members/${memberId}`, { as: ADMIN });
      const robot = await api(core.baseUrl, 'POST', '/robots', {
        as: ADMIN,
        body: {
          name: 'ci',
          level: 'project',
          duration: -1,
          permissions: [
            { kind: 'project', namespace: 'audited', access: [{ resource: 'repository', action: 'pull' }] },
          ],
        },
      });
      expect(robot.status).toBe(201);
      await api(core.baseUrl, 'DELETE', `/robots/${robot.body.id}`, { as: ADMIN });
      await api(core.baseUrl, 'PUT', `/projects/${projectId}`, {
        as: ADMIN,
        body: { metadata: { auto_scan: 'true' } },
      });
      await api(core.baseUrl, 'DELETE', `/projects/${projectId}`, { as: ADMIN });
      const user = await createUser(core.baseUrl, 'temp', 'S3cretPassw0rd');
      const signedIn = await login(core.baseUrl, user);
      const signedOut = await fetch(`${core.baseUrl}/c/log_out`, { headers: { cookie: signedIn.cookie } });
      expect(signedOut.status).toBe(200);
      await api(core.baseUrl, 'DELETE', `/users/${user.userId}`, { as: ADMIN });
      const all = await api(core.baseUrl, 'GET', '/audit-logs?page_size=100', { as: ADMIN });
      expect(all.status).toBe(200);
      expectSchema(all.body, 'AuditLog[]');
      expect(Object.keys(all.body[0]).sort()).toEqual(definitionFields('AuditLog'));
      const seen = (all.body as { resource_type: string; operation: string }[]).map(
        (e) => `${e.resource_type}:${e.operation}`,
      );
      for (const expected of [
        'project:create',
        'project:update',
        'project:delete',
        'project_member:create',
        'project_member:update',
        'project_member:delete',
        'robot:create',
        'robot:delete',
        'user:create',
        'user:delete',
        'user:login',
        'user:logout',
        'label:create',
        'label:update',
        'label:delete',
        'quota:update',
        'repository:update',
        'repository:delete',
      ]) {
        expect(seen).toContain(expected);
      }
      const text = JSON.stringify(await db.query('SELECT * FROM audit_log'));
      expect(text).not.toContain('S3cretPassw0rd');
      expect(text).not.toContain(robot.body.secret);
    });

    it('filters with q, sorts, pages, and keeps non-admins to their projects', async () => {
      const loginOnly = await api(core.baseUrl, 'GET', '/audit-logs?q=operation%3Dlogin,username%3D~tem', {
        as: ADMIN,
      });
      expect(loginOnly.body.length).toBeGreaterThan(0);
      expect(loginOnly.body.every((e: { operation: string }) => e.operation === 'login')).toBe(true);
      const future = encodeURIComponent('op_time=[2999-01-01 00:00:00~]');
      expect((await api(core.baseUrl, 'GET', `/audit-logs?q=${future}`, { as: ADMIN })).body).toEqual([]);
      expect((await api(core.baseUrl, 'GET', '/audit-logs?sort=op_time', { as: ADMIN })).status).toBe(200);
      const ignored = await api(core.baseUrl, 'GET', '/audit-logs?q=password%3Dx&page_size=5', { as: ADMIN });
      expect(ignored.status).toBe(200); // Harbor ignores q keys it does not know
      expect(ignored.body.length).toBeGreaterThan(0);
      expect((await api(core.baseUrl, 'GET', '/audit-logs', {})).status).toBe(401);
      const devSees = await api(core.baseUrl, 'GET', '/audit-logs?page_size=100', { as: dev });
      expect(devSees.body.every((e: { resource: string }) => !e.resource.startsWith('audited'))).toBe(true);
      const projectLogs = await api(core.baseUrl, 'GET', '/projects/team/logs', { as: dev });
      expect(projectLogs.status).toBe(200);
      expectSchema(projectLogs.body, 'AuditLog[]');
      expect((await api(core.baseUrl, 'GET', '/projects/team/logs', { as: outsider })).status).toBe(403);
    });

    it('a member pages through the logs of every project it may list, in one order, sorted either way', async () => {
      const opsId = await createProject(core.baseUrl, 'ops');
      const membership = await addMember(core.baseUrl, opsId, 'dev', 3);
      // Interleaved times across projects, ties included, and rows the member may not see (open: no member).
      await db.query(
        `INSERT INTO audit_log (project_id, operation, resource_type, resource, username, op_time)
         SELECT (ARRAY[$1, $2, $3]::int[])[1 + g % 3], 'create', 'artifact', 'paged/' || g, 'seed',
                timestamptz '2026-01-01' + (g / 2) * interval '1 minute'
           FROM generate_series(1, 25) g`,
        [teamId, opsId, openId],
      );
      const expected = async (order: string) =>
        (
          (await db.query(
            `SELECT id::int FROM audit_log WHERE project_id = ANY($1) AND resource LIKE 'paged/%' ORDER BY ${order}`,
            [[teamId, opsId]],
          )) as { id: number }[]
        ).map((r) => r.id);
      const paged = async (query: string) => {
        const ids: number[] = [];
        for (let page = 1; page <= 20; page++) {
          const listed = await api(core.baseUrl, 'GET', `/audit-logs?${query}&page=${page}&page_size=4`, {
            as: dev,
          });
          expect(listed.status).toBe(200);
          ids.push(...(listed.body as { id: number }[]).map((e) => e.id));
          if (listed.body.length < 4) return { ids, total: listed.headers.get('x-total-count') };
        }
        throw new Error('more pages than rows');
      };
      const newestFirst = await paged('q=resource%3D~paged%2F');
      expect(newestFirst.ids).toEqual(await expected('op_time DESC, id DESC'));
      expect(newestFirst.total).toBe(String(newestFirst.ids.length));
      const oldestFirst = await paged('q=resource%3D~paged%2F&sort=op_time');
      expect(oldestFirst.ids).toEqual(await expected('op_time, id DESC'));
      // Without q (the prepared, generically planned statement): the seeded rows in the same order.
      const unfiltered = await paged('sort=-op_time');
      const seeded = new Set(newestFirst.ids);
      expect(unfiltered.ids.filter((id) => seeded.has(id))).toEqual(newestFirst.ids);
      expect(Number(unfiltered.total)).toBe(unfiltered.ids.length);
      // The later statistics count dev's projects: ops goes again.
      await api(core.baseUrl, 'DELETE', `/projects/${opsId}/members/${membership}`, { as: ADMIN });
      expect((await api(core.baseUrl, 'DELETE', `/projects/${opsId}`, { as: ADMIN })).status).toBe(200);
    });
  });

  describe('search and statistics', () => {
    it('search shows only projects and repositories the caller may see', async () => {
      const forDev = await api(core.baseUrl, 'GET', '/search?q=e', { as: dev });
      expect(forDev.status).toBe(200);
      expectSchema(forDev.body, 'Search');
      expect(forDev.body.project.map((p: { name: string }) => p.name).sort()).toEqual(['open', 'team']);
      const forOutsider = await api(core.baseUrl, 'GET', '/search?q=team', { as: outsider });
      expect(forOutsider.body).toEqual({ project: [], repository: [] });
      const anonymous = await api(core.baseUrl, 'GET', '/search?q=web', {});
      expect(anonymous.body.repository).toEqual([
        {
          project_id: openId,
          project_name: 'open',
          project_public: true,
          repository_name: 'open/web',
          pull_count: 0,
          artifact_count: 2,
        },
      ]);
      expect((await api(core.baseUrl, 'GET', '/search', { as: dev })).status).toBe(400);
    });

    it('search finds a repository pushed after an earlier search, and not one deleted since', async () => {
      const found = async () =>
        (await api(core.baseUrl, 'GET', '/search?q=late', { as: dev })).body.repository.map(
          (r: { repository_name: string }) => r.repository_name,
        );
      expect(await found()).toEqual([]);
      await seedRepository(db, { id: openId, name: 'open' }, 'latecomer', 1);
      await seedRepository(db, { id: teamId, name: 'team' }, 'late-team', 1);
      expect(await found()).toEqual(['open/latecomer', 'team/late-team']);
      // The outsider is not a member of team: its repository stays out however the names were matched.
      const outsiderFinds = async () =>
        (await api(core.baseUrl, 'GET', '/search?q=late', { as: outsider })).body.repository.map(
          (r: { repository_name: string }) => r.repository_name,
        );
      expect(await outsiderFinds()).toEqual(['open/latecomer']);
      // Core remembers the projects a caller saw; a membership given or taken since shows in the next search.
      const membership = await addMember(core.baseUrl, teamId, 'outsider', 3);
      expect(await outsiderFinds()).toEqual(['open/latecomer', 'team/late-team']);
      await api(core.baseUrl, 'DELETE', `/projects/${teamId}/members/${membership}`, { as: ADMIN });
      expect(await outsiderFinds()).toEqual(['open/latecomer']);
      const deleted = await api(core.baseUrl, 'DELETE', '/projects/open/repositories/latecomer', {
        as: ADMIN,
      });
      expect(deleted.status).toBe(200);
      expect(await found()).toEqual(['team/late-team']);
      await api(core.baseUrl, 'DELETE', '/projects/team/repositories/late-team', { as: ADMIN });
      expect(await found()).toEqual([]);
    });

    it('statistics count what the caller may see; totals for admins only', async () => {
      const forAdmin = await api(core.baseUrl, 'GET', '/statistics', { as: ADMIN });
      expectSchema(forAdmin.body, 'Statistic');
      expect(Object.keys(forAdmin.body).sort()).toEqual(definitionFields('Statistic'));
      expect(forAdmin.body.total_project_count).toBe(
        forAdmin.body.public_project_count + forAdmin.body.private_project_count,
      );
      expect(forAdmin.body.public_repo_count).toBe(1);
      const forDev = await api(core.baseUrl, 'GET', '/statistics', { as: dev });
      expect(forDev.body).toMatchObject({
        private_project_count: 1,
        private_repo_count: 2,
        total_project_count: 0,
        total_storage_consumption: 0,
      });
      expect((await api(core.baseUrl, 'GET', '/statistics', {})).status).toBe(401);
    });
  });

  describe('configurations and the CVE allowlist', () => {
    it('returns {value, editable} items, validates updates, and is for admins only', async () => {
      const got = await api(core.baseUrl, 'GET', '/configurations', { as: ADMIN });
      expect(got.status).toBe(200);
      expectSchema(got.body, 'ConfigurationsResponse');
      expect(got.body.auth_mode).toEqual({ value: 'db_auth', editable: false });
      expect(got.body.token_expiration).toEqual({ value: 30, editable: true });
      expect(JSON.stringify(got.body)).not.toMatch(/password|secret/);
      expect((await api(core.baseUrl, 'GET', '/configurations', { as: dev })).status).toBe(403);
      expect(
        (await api(core.baseUrl, 'PUT', '/configurations', { as: dev, body: { read_only: true } })).status,
      ).toBe(403);
      for (const body of [
        { token_expiration: 'x' },
        { project_creation_restriction: 'nobody' },
        { storage_per_project: 0 },
        { unknown_key: 1 },
      ]) {
        expect(
          (await api(core.baseUrl, 'PUT', '/configurations', { as: ADMIN, body })).status,
          JSON.stringify(body),
        ).toBe(400);
      }
      const refused = await api(core.baseUrl, 'PUT', '/configurations', {
        as: ADMIN,
        body: { auth_mode: 'ldap_auth' },
      });
      expect(refused.status).toBe(400);
      expect(
        (await api(core.baseUrl, 'PUT', '/configurations', { as: ADMIN, body: { token_expiration: 45 } }))
          .status,
      ).toBe(200);
      expect(
        (await api(core.baseUrl, 'GET', '/configurations', { as: ADMIN })).body.token_expiration.value,
      ).toBe(45);
    });

    it('reads and replaces the system CVE allowlist', async () => {
      const empty = await api(core.baseUrl, 'GET', '/system/CVEAllowlist', { as: ADMIN });
      expect(empty.status).toBe(200);
      expectSchema(empty.body, 'CVEAllowlist');
      expect(empty.body).toMatchObject({ project_id: 0, items: [] });
      const body = {
        expires_at: 4102444800,
        items: [{ cve_id: 'CVE-2019-10164' }],
      };
      const duplicated = { items: [{ cve_id: 'CVE-2019-10164' }, { cve_id: 'CVE-2019-10164' }] };
      const refused = await api(core.baseUrl, 'PUT', '/system/CVEAllowlist', { as: ADMIN, body: duplicated });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].message).toBe('duplicate CVE ID in allowlist: CVE-2019-10164');
      expect((await api(core.baseUrl, 'PUT', '/system/CVEAllowlist', { as: ADMIN, body })).status).toBe(200);
      const got = await api(core.baseUrl, 'GET', '/system/CVEAllowlist', { as: ADMIN });
      expectSchema(got.body, 'CVEAllowlist');
      expect(got.body).toMatchObject({
        project_id: 0,
        expires_at: 4102444800,
        items: [{ cve_id: 'CVE-2019-10164' }],
      });
      expect(
        (
          await api(core.baseUrl, 'PUT', '/system/CVEAllowlist', {
            as: ADMIN,
            body: { items: [{ cve_id: 5 }] },
          })
        ).status,
      ).toBe(400);
      // Any signed-in user reads it, as in Harbor; only admins change it.
      expect((await api(core.baseUrl, 'GET', '/system/CVEAllowlist', { as: dev })).status).toBe(200);
      expect((await api(core.baseUrl, 'PUT', '/system/CVEAllowlist', { as: dev, body })).status).toBe(403);
    });
  });
});
