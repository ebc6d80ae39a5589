import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createExecution, Trigger } from '@harbor-ts/db';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { distributionInstalled, startDistribution, type Distribution } from './registries-distribution.js';

const LOGIN = { username: 'replicator', password: 'S3cret-remote-pw' };

// Skipped only on a developer machine without docker-registry; under CI a missing tool must fail.
describe.skipIf(!distributionInstalled && !process.env.CI)(
  'replication policies (/replication/policies)',
  () => {
    let core: CoreTestApp;
    let db: DataSource;
    let remote: Distribution;
    let registryId: number;
    let user: Credentials;
    let projectAdmin: Credentials;

    // `null` calls anonymously.
    const call = (method: string, path: string, body?: unknown, as: Credentials | null = ADMIN) =>
      api(core.baseUrl, method, path, { as: as ?? undefined, body });
    const push = (name: string, extra: Record<string, unknown> = {}) => ({
      name,
      description: 'to site B',
      src_registry: null,
      dest_registry: { id: registryId },
      dest_namespace: 'mirror',
      dest_namespace_replace_count: 1,
      trigger: { type: 'manual', trigger_settings: { cron: '' } },
      filters: [
        { type: 'name', value: 'library/**' },
        { type: 'tag', value: 'v*', decoration: 'matches' },
        { type: 'label', value: ['prod'], decoration: 'excludes' },
        { type: 'resource', value: 'image' },
      ],
      deletion: true,
      override: true,
      enabled: true,
      speed: 1024,
      copy_by_chunk: true,
      ...extra,
    });
    const policyCount = async () =>
      ((await db.query('SELECT count(*)::int AS n FROM replication_policy')) as { n: number }[])[0]!.n;
    const idOf = (location: string | null) => Number(location!.split('/').pop());
    const schedules = async (policyId: number) =>
      (
        (await db.query(
          `SELECT cron, callback_func_name, callback_func_param FROM schedule WHERE vendor_type = 'REPLICATION' AND vendor_id = $1`,
          [policyId],
        )) as { cron: string; callback_func_name: string; callback_func_param: string }[]
      ).map((row) => ({ ...row, callback_func_param: JSON.parse(row.callback_func_param) as unknown }));

    beforeAll(async () => {
      core = await startCore();
      db = core.app.get(DataSource);
      remote = await startDistribution(LOGIN);
      const created = await call('POST', '/registries', {
        name: 'site-b',
        url: remote.url,
        type: 'docker-registry',
        credential: { type: 'basic', access_key: LOGIN.username, access_secret: LOGIN.password },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      registryId = idOf(created.headers.get('location'));
      user = await createUser(core.baseUrl, 'plainuser');
      projectAdmin = await createUser(core.baseUrl, 'projadmin');
      await addMember(core.baseUrl, await createProject(core.baseUrl, 'library2'), 'projadmin', 1);
    }, 60_000);
    afterAll(async () => {
      await remote?.stop();
      await core?.close();
    });

    it('creates a push policy and shows it as Harbor does, both sides as registries', async () => {
      const created = await call('POST', '/replication/policies', push('push-to-b'));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = idOf(created.headers.get('location'));
      expect(created.headers.get('location')).toBe(`/api/v2.0/replication/policies/${id}`);
      const got = await call('GET', `/replication/policies/${id}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        id,
        name: 'push-to-b',
        description: 'to site B',
        creator: 'admin',
        src_registry: { id: 0, name: 'Local', type: 'harbor', status: 'healthy' },
        dest_registry: {
          id: registryId,
          name: 'site-b',
          url: remote.url,
          credential: { type: 'basic', access_key: LOGIN.username, access_secret: '*****' },
        },
        dest_namespace: 'mirror',
        dest_namespace_replace_count: 1,
        trigger: { type: 'manual', trigger_settings: { cron: '' } },
        filters: push('').filters,
        replicate_deletion: true,
        deletion: true,
        override: true,
        enabled: true,
        speed: 1024,
        copy_by_chunk: true,
        single_active_replication: false,
      });
      expect(JSON.stringify(got.body)).not.toContain(LOGIN.password);

      const pull = await call('POST', '/replication/policies', {
        name: 'pull-from-b',
        src_registry: { id: registryId },
        dest_registry: { id: 0 },
        trigger: { type: 'manual' },
        enabled: false,
      });
      expect(pull.status, JSON.stringify(pull.body)).toBe(201);
      const pulled = (await call('GET', pull.headers.get('location')!.replace('/api/v2.0', ''))).body;
      expect(pulled).toMatchObject({
        src_registry: { id: registryId },
        dest_registry: { id: 0, name: 'Local' },
      });
      expect(pulled.dest_namespace_replace_count).toBe(-1);

      const listed = await call('GET', '/replication/policies?name=push&page_size=10');
      expect(listed.headers.get('x-total-count')).toBe('1');
      expect(listed.body.map((p: { name: string }) => p.name)).toEqual(['push-to-b']);
      const sorted = await call('GET', '/replication/policies?sort=-name');
      expect(sorted.body.map((p: { name: string }) => p.name)).toEqual(['push-to-b', 'pull-from-b']);
    });

    it("refuses what Harbor refuses, with Harbor's words, and stores nothing", async () => {
      const before = await policyCount();
      const local = { src_registry: null, dest_registry: null };
      const cases: [Record<string, unknown>, number, string][] = [
        [push(''), 400, 'empty name'],
        [
          push('both', { src_registry: { id: registryId } }),
          400,
          'either src_registry or dest_registry should be empty',
        ],
        [push('neither', local), 400, 'either src_registry or dest_registry should be empty'],
        [push('missing', { dest_registry: { id: 987654 } }), 404, 'registry 987654 not found'],
        [push('f1', { filters: [{ type: 'size', value: '1' }] }), 400, 'invalid filter type'],
        [
          push('f2', { filters: [{ type: 'resource', value: 'chart' }] }),
          400,
          'invalid resource filter: chart',
        ],
        [
          push('f3', { filters: [{ type: 'name', value: 'a', decoration: 'matches' }] }),
          400,
          'only tag and label filter support decoration',
        ],
        [
          push('f4', { filters: [{ type: 'label', value: 'prod' }] }),
          400,
          "the type of label filter value isn't string slice",
        ],
        [
          push('f5', { filters: [{ type: 'tag', value: 'v*', decoration: 'maybe' }] }),
          400,
          'invalid filter decoration, :maybe',
        ],
        [push('f6', { filters: [{ type: 'tag', value: 3 }] }), 400, "the type of filter value isn't string"],
        [push('ns', { dest_namespace: 'Bad Name' }), 400, 'invalid destination namespace: Bad Name'],
        [push('t1', { trigger: { type: 'hourly' } }), 400, 'invalid trigger type'],
        [
          push('t2', { trigger: { type: 'scheduled' } }),
          400,
          'the cron string cannot be empty when the trigger type is scheduled',
        ],
        [
          push('t3', { trigger: { type: 'scheduled', trigger_settings: { cron: '0 3 * * *' } } }),
          400,
          'invalid cron string for scheduled trigger: 0 3 * * *',
        ],
        [
          push('t4', { trigger: { type: 'scheduled', trigger_settings: { cron: '5 0 3 * * *' } } }),
          400,
          'the 1st field (indicating Seconds of time) of the cron setting must be 0',
        ],
        [
          push('t5', { trigger: { type: 'scheduled', trigger_settings: { cron: '0 * 3 * * *' } } }),
          400,
          '* is not allowed for the Minutes field',
        ],
        [
          push('sar', { trigger: { type: 'event_based' }, single_active_replication: true }),
          400,
          'single active replication is not allowed for event_based triggers',
        ],
        [push('push-to-b'), 409, 'replication policy push-to-b already exists'],
      ];
      for (const [body, status, message] of cases) {
        const res = await call('POST', '/replication/policies', body);
        expect(res.status, message).toBe(status);
        expect(res.body.errors[0].message, message).toContain(message);
      }
      expect(await policyCount()).toBe(before);
    });

    it('keeps a schedule for a scheduled, enabled policy only, and follows updates', async () => {
      const scheduled = { trigger: { type: 'scheduled', trigger_settings: { cron: '0 30 2 * * *' } } };
      const created = await call('POST', '/replication/policies', push('nightly', scheduled));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = idOf(created.headers.get('location'));
      expect(await schedules(id)).toEqual([
        { cron: '0 30 2 * * *', callback_func_name: 'REPLICATION', callback_func_param: { policy_id: id } },
      ]);
      const path = `/replication/policies/${id}`;
      expect((await call('PUT', path, push('nightly', { ...scheduled, enabled: false }))).status).toBe(200);
      expect(await schedules(id)).toEqual([]);
      expect(
        (
          await call(
            'PUT',
            path,
            push('nightly', { trigger: { type: 'scheduled', trigger_settings: { cron: '0 0 4 * * 1' } } }),
          )
        ).status,
      ).toBe(200);
      expect((await schedules(id)).map((s) => s.cron)).toEqual(['0 0 4 * * 1']);
      expect((await call('PUT', path, push('nightly-manual'))).status).toBe(200);
      expect(await schedules(id)).toEqual([]);
      expect((await call('GET', path)).body).toMatchObject({
        name: 'nightly-manual',
        trigger: { type: 'manual' },
      });
      expect((await call('PUT', path, push('push-to-b'))).status).toBe(409);
      expect((await call('PUT', '/replication/policies/987654', push('x'))).status).toBe(404);
      expect((await call('PUT', path, push(''))).status).toBe(400);

      expect((await call('PUT', path, push('nightly', scheduled))).status).toBe(200);
      expect((await call('DELETE', path)).status).toBe(200);
      expect(await schedules(id)).toEqual([]);
      expect((await call('GET', path)).status).toBe(404);
    });

    it('refuses to delete a policy while an execution of it runs (412), then deletes it with its history', async () => {
      const created = await call('POST', '/replication/policies', push('busy'));
      const id = idOf(created.headers.get('location'));
      const run = await createExecution(
        db,
        { vendorType: 'REPLICATION', vendorId: id, trigger: Trigger.Manual },
        [{}],
      );
      await db.query(`UPDATE task SET status = 'Running', status_code = 1 WHERE execution_id = $1`, [
        run.executionId,
      ]);
      const refused = await call('DELETE', `/replication/policies/${id}`);
      expect(refused.status).toBe(412);
      expect(refused.body.errors[0]).toEqual({
        code: 'PRECONDITION',
        message: `the execution ${run.executionId} has tasks that aren't in final status, stop the tasks first`,
      });
      await db.query(`UPDATE task SET status = 'Success', status_code = 2 WHERE execution_id = $1`, [
        run.executionId,
      ]);
      expect((await call('DELETE', `/replication/policies/${id}`)).status).toBe(200);
      const left = (await db.query('SELECT count(*)::int AS n FROM execution WHERE id = $1', [
        run.executionId,
      ])) as {
        n: number;
      }[];
      expect(left[0]!.n).toBe(0);
      expect((await call('DELETE', `/replication/policies/${id}`)).status).toBe(404);
    });

    it('is for system admins only: users and project admins get 403, anonymous 401', async () => {
      const [{ id }] = (await call('GET', '/replication/policies?name=push-to-b')).body;
      const routes: [string, string, unknown?][] = [
        ['GET', '/replication/policies'],
        ['POST', '/replication/policies', push('nope')],
        ['GET', `/replication/policies/${id}`],
        ['PUT', `/replication/policies/${id}`, push('push-to-b')],
        ['DELETE', `/replication/policies/${id}`],
      ];
      for (const [method, path, body] of routes) {
        expect((await call(method, path, body, null)).status, `anonymous ${method} ${path}`).toBe(401);
        expect((await call(method, path, body, user)).status, `user ${method} ${path}`).toBe(403);
        expect((await call(method, path, body, projectAdmin)).status, `project admin ${method} ${path}`).toBe(
          403,
        );
      }
      expect((await call('GET', `/replication/policies/${id}`)).status).toBe(200);
    });

    it('lets a system robot read policies and run them with replication-policy:read/list and replication:create/read/list only', async () => {
      const systemRobot = async (name: string, access: [string, string][]) => {
        const created = await call('POST', '/robots', {
          name,
          level: 'system',
          duration: -1,
          permissions: [
            {
              kind: 'system',
              namespace: '/',
              access: access.map(([resource, action]) => ({ resource, action })),
            },
          ],
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        return { username: created.body.name as string, password: created.body.secret as string };
      };
      const operator = await systemRobot('replication-operator', [
        ['replication-policy', 'read'],
        ['replication-policy', 'list'],
        ['replication', 'create'],
        ['replication', 'read'],
        ['replication', 'list'],
      ]);
      const editor = await systemRobot(
        'policy-editor',
        ['create', 'read', 'update', 'delete', 'list'].map((action) => ['replication-policy', action]),
      );

      // replication-policy CRUDL: the editor manages policies but may not run them or see runs.
      const created = await call('POST', '/replication/policies', push('robot-made'), editor);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = idOf(created.headers.get('location'));
      expect(
        (
          await call(
            'PUT',
            `/replication/policies/${id}`,
            push('robot-made', { description: 'edited' }),
            editor,
          )
        ).status,
      ).toBe(200);
      expect((await call('POST', '/replication/executions', { policy_id: id }, editor)).status).toBe(403);
      expect((await call('GET', `/replication/executions?policy_id=${id}`, undefined, editor)).status).toBe(
        403,
      );

      // The operator reads policies and starts, lists, reads and stops runs, and changes no policy.
      expect(
        (await call('GET', '/replication/policies?name=robot-made', undefined, operator)).body,
      ).toHaveLength(1);
      expect((await call('GET', `/replication/policies/${id}`, undefined, operator)).body.description).toBe(
        'edited',
      );
      expect((await call('POST', '/replication/policies', push('by-operator'), operator)).status).toBe(403);
      expect((await call('PUT', `/replication/policies/${id}`, push('robot-made'), operator)).status).toBe(
        403,
      );
      expect((await call('DELETE', `/replication/policies/${id}`, undefined, operator)).status).toBe(403);
      const started = await call('POST', '/replication/executions', { policy_id: id }, operator);
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const runs = await call('GET', `/replication/executions?policy_id=${id}`, undefined, operator);
      expect(runs.body.map((run: { policy_id: number }) => run.policy_id)).toEqual([id]);
      const runPath = `/replication/executions/${runs.body[0].id}`;
      expect((await call('GET', runPath, undefined, operator)).status).toBe(200);
      expect((await call('GET', `${runPath}/tasks`, undefined, operator)).status).toBe(200);
      expect((await call('PUT', runPath, undefined, operator)).status).toBe(200);
      expect((await call('GET', `/replication/policies/${id}`)).body.description).toBe('edited');
    });
  },
);
