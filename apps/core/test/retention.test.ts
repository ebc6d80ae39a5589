import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ProjectRole } from '@harbor-ts/auth';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';

type Json = Record<string, unknown>;

const rule = (k: number, overrides: Json = {}) => ({
  disabled: false,
  action: 'retain',
  template: 'latestPushedK',
  params: { latestPushedK: k },
  tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
  ...overrides,
});

const policy = (projectId: number, rules: unknown[] = [rule(3)], cron = '0 0 0 * * *') => ({
  algorithm: 'or',
  rules,
  trigger: { kind: 'Schedule', settings: { cron }, references: {} },
  scope: { level: 'project', ref: projectId },
});

describe('tag retention API', () => {
  let core: CoreTestApp;
  let db: DataSource;
  let projectId: number;
  let otherProjectId: number;
  let maintainer: Credentials;
  let developer: Credentials;
  let guest: Credentials;
  let otherAdmin: Credentials;
  const call = (method: string, path: string, body?: unknown, as: Credentials | null = ADMIN) =>
    api(core.baseUrl, method, path, { ...(as ? { as } : {}), ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    core = await startCore();
    db = core.app.get(DataSource);
    projectId = await createProject(core.baseUrl, 'keep');
    otherProjectId = await createProject(core.baseUrl, 'keep-other');
    maintainer = await createUser(core.baseUrl, 'ret-maintainer');
    developer = await createUser(core.baseUrl, 'ret-dev');
    guest = await createUser(core.baseUrl, 'ret-guest');
    otherAdmin = await createUser(core.baseUrl, 'ret-other-admin');
    await addMember(core.baseUrl, projectId, maintainer.username, ProjectRole.maintainer);
    await addMember(core.baseUrl, projectId, developer.username, ProjectRole.developer);
    await addMember(core.baseUrl, projectId, guest.username, ProjectRole.guest);
    await addMember(core.baseUrl, otherProjectId, otherAdmin.username, ProjectRole.projectAdmin);
  }, 60_000);
  afterAll(async () => {
    await core?.close();
  });

  it('serves Harbor’s metadata to signed-in users', async () => {
    expect((await call('GET', '/retentions/metadatas', undefined, null)).status).toBe(401);
    const res = await call('GET', '/retentions/metadatas', undefined, guest);
    expect(res.status).toBe(200);
    const body = res.body as { templates: { rule_template: string }[] };
    expect(body.templates.map((t) => t.rule_template)).toEqual([
      'latestPushedK',
      'latestPulledN',
      'nDaysSinceLastPush',
      'nDaysSinceLastPull',
      'always',
    ]);
  });

  it('creates (201 + Location, retention_id), reads, updates, schedules and deletes', async () => {
    const created = await call('POST', '/retentions', policy(projectId), maintainer);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(/^\/api\/v2\.0\/retentions\/\d+$/);
    const id = Number(location.split('/').pop());
    const project = await call('GET', `/projects/${projectId}`);
    expect((project.body as { metadata: Json }).metadata.retention_id).toBe(String(id));
    const [schedule] = (await db.query(
      `SELECT cron FROM schedule WHERE vendor_type = 'RETENTION' AND vendor_id = $1`,
      [id],
    )) as { cron: string }[];
    expect(schedule?.cron).toBe('0 0 0 * * *');

    const again = await call('POST', '/retentions', policy(projectId));
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.body)).toContain(`project ${projectId} already has retention policy ${id}`);

    // Harbor gives guests no tag-retention permission at all; developers have all of it.
    expect((await call('GET', `/retentions/${id}`, undefined, guest)).status).toBe(403);
    const read = await call('GET', `/retentions/${id}`, undefined, developer);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, algorithm: 'or', scope: { level: 'project', ref: projectId } });

    const updated = await call('PUT', `/retentions/${id}`, policy(projectId, [rule(5)], ''), developer);
    expect(updated.status).toBe(200);
    expect(((await call('GET', `/retentions/${id}`)).body as { rules: Json[] }).rules[0]).toMatchObject({
      params: { latestPushedK: 5 },
    });
    expect(
      await db.query(`SELECT 1 FROM schedule WHERE vendor_type = 'RETENTION' AND vendor_id = $1`, [id]),
    ).toEqual([]);

    expect((await call('DELETE', `/retentions/${id}`, undefined, guest)).status).toBe(403);
    expect((await call('DELETE', `/retentions/${id}`)).status).toBe(200);
    expect((await call('GET', `/retentions/${id}`)).status).toBe(404);
    const after = await call('GET', `/projects/${projectId}`);
    expect((after.body as { metadata: Json }).metadata.retention_id).toBeUndefined();
  });

  it('validates with Harbor’s messages', async () => {
    const cases: [unknown, number, string][] = [
      [
        policy(
          projectId,
          Array.from({ length: 16 }, (_, i) => rule(i)),
        ),
        400,
        'only 15 rules are allowed at most',
      ],
      [policy(projectId, [rule(1), rule(1)]), 409, 'rule 1 is conflict with rule 0'],
      [
        policy(projectId, [rule(1, { template: 'mostPopular' })]),
        400,
        'rule evaluator mostPopular is not registered',
      ],
      [
        policy(projectId, [rule(1, { params: {} })]),
        400,
        'missing required parameter latestPushedK for rule latestPushedK',
      ],
      [policy(projectId, [rule(-1)]), 400, 'latestPushedK is less than zero'],
      [policy(projectId, [rule(40000)]), 400, 'latestPushedK is too large'],
      [policy(projectId, [rule(1)], '* * *'), 400, 'invalid cron string for scheduled tag retention: * * *'],
      [policy(987654), 400, 'invalid Project id 987654'],
      [{ ...policy(projectId), scope: { level: 'system', ref: 0 } }, 400, 'scope system is not support'],
    ];
    for (const [body, status, message] of cases) {
      const res = await call('POST', '/retentions', body);
      expect(res.status, message).toBe(status);
      expect(JSON.stringify(res.body)).toContain(message);
    }
  });

  it('checks roles, and ids of another project’s policy', async () => {
    expect((await call('POST', '/retentions', policy(projectId), guest)).status).toBe(403);
    expect((await call('POST', '/retentions', policy(projectId), otherAdmin)).status).toBe(403);
    const created = await call('POST', '/retentions', policy(projectId), developer);
    expect(created.status).toBe(201);
    const id = Number(created.headers.get('location')?.split('/').pop());
    const other = await call('POST', '/retentions', policy(otherProjectId), otherAdmin);
    const otherId = Number(other.headers.get('location')?.split('/').pop());

    // An admin of another project can neither read nor run this project's policy...
    expect((await call('GET', `/retentions/${id}`, undefined, otherAdmin)).status).toBe(403);
    expect((await call('POST', `/retentions/${id}/executions`, { dry_run: true }, otherAdmin)).status).toBe(
      403,
    );
    // ...nor rewrite it by pointing the body at their own project: the policy id is not theirs (404).
    expect(
      (await call('PUT', `/retentions/${id}`, policy(otherProjectId, [rule(0)]), otherAdmin)).status,
    ).toBe(404);
    expect(
      (await call('PUT', `/retentions/${otherId}`, policy(otherProjectId, [rule(2)]), otherAdmin)).status,
    ).toBe(200);
    // A guest neither lists runs nor starts one.
    expect((await call('GET', `/retentions/${id}/executions`, undefined, guest)).status).toBe(403);
    expect((await call('POST', `/retentions/${id}/executions`, { dry_run: true }, guest)).status).toBe(403);
    await call('DELETE', `/retentions/${id}`);
    await call('DELETE', `/retentions/${otherId}`);
  });

  it('run now creates a RETENTION execution and lists it; a foreign execution id is 404', async () => {
    const created = await call('POST', '/retentions', policy(projectId), maintainer);
    const id = Number(created.headers.get('location')?.split('/').pop());
    const run = await call('POST', `/retentions/${id}/executions`, { dry_run: true }, maintainer);
    expect(run.status).toBe(201);
    const location = run.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^/api/v2\\.0/retentions/${id}/executions/\\d+$`));
    const eid = Number(location.split('/').pop());
    const [execution] = (await db.query(
      'SELECT vendor_type, vendor_id, trigger FROM execution WHERE id = $1',
      [eid],
    )) as Json[];
    expect(execution).toEqual({ vendor_type: 'RETENTION', vendor_id: id, trigger: 'MANUAL' });

    const list = await call('GET', `/retentions/${id}/executions`, undefined, developer);
    expect(list.status).toBe(200);
    expect(list.headers.get('x-total-count')).toBe('1');
    expect((list.body as Json[])[0]).toMatchObject({
      id: eid,
      policy_id: id,
      trigger: 'MANUAL',
      dry_run: true,
    });
    const tasks = await call('GET', `/retentions/${id}/executions/${eid}/tasks`, undefined, developer);
    expect(tasks.status).toBe(200);
    expect(tasks.body).toEqual([]);

    const [gc] = (await db.query(
      `INSERT INTO execution (vendor_type, status, trigger) VALUES ('GARBAGE_COLLECTION', 'Success', 'MANUAL') RETURNING id`,
    )) as { id: number }[];
    expect((await call('GET', `/retentions/${id}/executions/${gc!.id}/tasks`)).status).toBe(404);
    expect((await call('PATCH', `/retentions/${id}/executions/${gc!.id}`, { action: 'stop' })).status).toBe(
      404,
    );
    expect((await call('PATCH', `/retentions/${id}/executions/${eid}`, { action: 'pause' })).status).toBe(
      400,
    );
    expect(
      (await call('PATCH', `/retentions/${id}/executions/${eid}`, { action: 'stop' }, maintainer)).status,
    ).toBe(200);
    await call('DELETE', `/retentions/${id}`);
  });
});
