import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ProjectRole } from '@harbor-ts/auth';
import { SecretBox } from '@harbor-ts/outbound';
import { CoreEvents } from '../src/events/core-events.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { eventually } from './support/eventually.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { JobRedis } from './support/job-queues.js';

const POLICIES = '/projects/hooks/webhook/policies';
const DIGEST = `sha256:${'a'.repeat(64)}`;

type Json = Record<string, unknown>;

const policy = (name: string, overrides: Json = {}) => ({
  name,
  description: 'a hook',
  enabled: true,
  event_types: ['PUSH_ARTIFACT', 'DELETE_ARTIFACT'],
  targets: [
    {
      type: 'http',
      address: 'http://127.0.0.1:9/hook',
      auth_header: 'Bearer s3cret',
      skip_cert_verify: false,
    },
  ],
  ...overrides,
});

describe('webhook policies', () => {
  let core: CoreTestApp;
  let db: DataSource;
  let jobs: JobRedis;
  let projectId: number;
  let otherProjectId: number;
  let maintainer: Credentials;
  let developer: Credentials;
  const call = (method: string, path: string, body?: unknown, as: Credentials | null = ADMIN) =>
    api(core.baseUrl, method, path, { ...(as ? { as } : {}), ...(body === undefined ? {} : { body }) });
  const create = async (body: Json, path = POLICIES) => {
    const created = await call('POST', path, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return Number(created.headers.get('location')?.split('/').pop());
  };

  beforeAll(async () => {
    core = await startCore();
    db = core.app.get(DataSource);
    jobs = new JobRedis(core.config);
    projectId = await createProject(core.baseUrl, 'hooks', { public: true });
    otherProjectId = await createProject(core.baseUrl, 'others');
    maintainer = await createUser(core.baseUrl, 'hooks-maintainer');
    developer = await createUser(core.baseUrl, 'hooks-dev');
    await addMember(core.baseUrl, projectId, maintainer.username, ProjectRole.maintainer);
    await addMember(core.baseUrl, projectId, developer.username, ProjectRole.developer);
  }, 60_000);
  afterAll(async () => {
    jobs?.connection.disconnect();
    await core?.close();
  });

  it('creates with 201 and Location, reads, lists, updates and deletes in Harbor shape', async () => {
    const created = await call('POST', POLICIES, policy('crud'));
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(/^\/api\/v2\.0\/projects\/hooks\/webhook\/policies\/\d+$/);
    const id = Number(location.split('/').pop());

    const read = await call('GET', `${POLICIES}/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id,
      name: 'crud',
      description: 'a hook',
      project_id: projectId,
      enabled: true,
      creator: 'admin',
      event_types: ['PUSH_ARTIFACT', 'DELETE_ARTIFACT'],
      targets: [
        {
          type: 'http',
          address: 'http://127.0.0.1:9/hook',
          skip_cert_verify: false,
          payload_format: 'Default',
        },
      ],
    });
    expect(JSON.stringify(read.body)).not.toContain('s3cret');
    expect((read.body as { targets: Json[] }).targets[0]).not.toHaveProperty('auth_header');

    const listed = await call('GET', `${POLICIES}?page_size=10`);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('x-total-count')).toBe('1');
    expect(JSON.stringify(listed.body)).not.toContain('s3cret');

    // Stored sealed, never plain.
    const [row] = (await db.query('SELECT targets FROM notification_policy WHERE id = $1', [id])) as {
      targets: string;
    }[];
    expect(row!.targets).not.toContain('s3cret');
    const stored = JSON.parse(row!.targets) as { auth_header: string }[];
    expect(new SecretBox(core.config.secrets.secretKey).open(stored[0]!.auth_header)).toBe('Bearer s3cret');

    // An update without auth_header keeps the stored one; the name and events change.
    const updated = await call(
      'PUT',
      `${POLICIES}/${id}`,
      policy('crud-renamed', {
        event_types: ['PULL_ARTIFACT'],
        enabled: false,
        targets: [{ type: 'http', address: 'http://127.0.0.1:9/hook', payload_format: 'CloudEvents' }],
      }),
    );
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const after = await call('GET', `${POLICIES}/${id}`);
    expect(after.body).toMatchObject({
      name: 'crud-renamed',
      enabled: false,
      event_types: ['PULL_ARTIFACT'],
    });
    const [kept] = (await db.query('SELECT targets FROM notification_policy WHERE id = $1', [id])) as {
      targets: string;
    }[];
    expect(JSON.parse(kept!.targets)).toEqual([
      expect.objectContaining({ payload_format: 'CloudEvents', auth_header: stored[0]!.auth_header }),
    ]);

    expect((await call('DELETE', `${POLICIES}/${id}`)).status).toBe(200);
    expect((await call('GET', `${POLICIES}/${id}`)).status).toBe(404);
    expect((await call('DELETE', `${POLICIES}/${id}`)).status).toBe(404);
  });

  it('answers 409 for a second policy with the same name in the project, not in another', async () => {
    await create(policy('dup'));
    expect((await call('POST', POLICIES, policy('dup'))).status).toBe(409);
    await create(policy('dup'), '/projects/others/webhook/policies');
  });

  it.each([
    ['no event type', { event_types: [] }],
    ['a made-up event type', { event_types: ['PUSH_IMAGE'] }],
    ['no target', { targets: [] }],
    ['an unknown target type', { targets: [{ type: 'email', address: 'http://127.0.0.1:9' }] }],
    [
      'a payload format for slack',
      { targets: [{ type: 'slack', address: 'http://127.0.0.1:9', payload_format: 'Default' }] },
    ],
    [
      'an unknown payload format',
      { targets: [{ type: 'http', address: 'http://127.0.0.1:9', payload_format: 'XML' }] },
    ],
    ['a non-http scheme', { targets: [{ type: 'http', address: 'ftp://127.0.0.1/x' }] }],
    ['credentials in the URL', { targets: [{ type: 'http', address: 'http://user:pw@127.0.0.1:9/x' }] }],
    ['the metadata address', { targets: [{ type: 'http', address: 'http://169.254.169.254/latest' }] }],
    ['a link-local IPv6 address', { targets: [{ type: 'http', address: 'http://[fe80::1]/x' }] }],
    ['an empty address', { targets: [{ type: 'http', address: '' }] }],
    ['no name', { name: '' }],
  ])('refuses %s with 400', async (_, overrides) => {
    const refused = await call('POST', POLICIES, { ...policy('bad'), ...overrides });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
  });

  it('answers 404 for a policy of another project, whatever the operation', async () => {
    const foreign = await create(policy('foreign'), '/projects/others/webhook/policies');
    expect((await call('GET', `${POLICIES}/${foreign}`)).status).toBe(404);
    expect((await call('PUT', `${POLICIES}/${foreign}`, policy('stolen'))).status).toBe(404);
    expect((await call('DELETE', `${POLICIES}/${foreign}`)).status).toBe(404);
    expect((await call('GET', `${POLICIES}/${foreign}/executions`)).status).toBe(404);
    const still = await call('GET', `/projects/${otherProjectId}/webhook/policies/${foreign}`);
    expect(still.body).toMatchObject({ name: 'foreign' });
  });

  it('follows Harbor roles: admin everything, maintainer lists, developer nothing, anonymous 401', async () => {
    const id = await create(policy('roles'));
    const asMaintainer = await call('GET', POLICIES, undefined, maintainer);
    expect(asMaintainer.status).toBe(200);
    expect(JSON.stringify(asMaintainer.body)).not.toContain('s3cret');
    expect((await call('POST', POLICIES, policy('m'), maintainer)).status).toBe(403);
    expect((await call('PUT', `${POLICIES}/${id}`, policy('m'), maintainer)).status).toBe(403);
    expect((await call('DELETE', `${POLICIES}/${id}`, undefined, maintainer)).status).toBe(403);
    expect((await call('GET', POLICIES, undefined, developer)).status).toBe(403);
    expect((await call('POST', POLICIES, policy('d'), developer)).status).toBe(403);
    expect((await call('GET', POLICIES, undefined, null)).status).toBe(401);
  });

  it('lists the supported event types, notify types and payload formats', async () => {
    const events = await call('GET', '/projects/hooks/webhook/events');
    expect(events.status).toBe(200);
    expect(events.body).toEqual({
      event_type: [
        'PUSH_ARTIFACT',
        'PULL_ARTIFACT',
        'DELETE_ARTIFACT',
        'QUOTA_EXCEED',
        'QUOTA_WARNING',
        'SCANNING_FAILED',
        'SCANNING_STOPPED',
        'SCANNING_COMPLETED',
        'REPLICATION',
        'TAG_RETENTION',
      ],
      notify_type: ['http', 'slack'],
      payload_formats: [{ notify_type: 'http', formats: ['Default', 'CloudEvents'] }],
    });
  });

  it('turns an event into WEBHOOK and SLACK executions with the payload and no secret, and lists them', async () => {
    await db.query(`INSERT INTO repository (name, project_id) VALUES ('hooks/app', $1)`, [projectId]);
    const id = await create(
      policy('deliver', {
        event_types: ['PUSH_ARTIFACT'],
        targets: [
          { type: 'http', address: 'http://127.0.0.1:9/default', auth_header: 'Bearer s3cret' },
          { type: 'http', address: 'http://127.0.0.1:9/ce', payload_format: 'CloudEvents' },
          { type: 'slack', address: 'http://127.0.0.1:9/slack' },
        ],
      }),
    );
    await create(policy('disabled', { enabled: false, event_types: ['PUSH_ARTIFACT'] }));
    await core.app.get(CoreEvents).emit({
      type: 'artifact.pushed',
      operator: 'admin',
      projectId,
      repository: 'hooks/app',
      digest: DIGEST,
      tag: 'v1',
    });
    await core.app.get(CoreEvents).emit({
      type: 'artifact.pulled',
      operator: 'admin',
      projectId,
      repository: 'hooks/app',
      digest: DIGEST,
    });
    const executions = await eventually(
      () =>
        db.query(
          `SELECT * FROM execution WHERE vendor_type IN ('WEBHOOK', 'SLACK') AND vendor_id = $1 ORDER BY id`,
          [id],
        ) as Promise<
          { id: number; vendor_type: string; vendor_id: number; trigger: string; extra_attrs: Json }[]
        >,
      (rows) => rows.length >= 2,
    );
    expect(executions.map((e) => [e.vendor_type, e.vendor_id, e.trigger])).toEqual([
      ['WEBHOOK', id, 'EVENT'],
      ['SLACK', id, 'EVENT'],
    ]);
    const tasks = (await db.query('SELECT * FROM task WHERE execution_id = $1 ORDER BY id', [
      executions[0]!.id,
    ])) as { id: number; extra_attrs: { parameters: Json } }[];
    expect(tasks).toHaveLength(2);
    const [plain, cloud] = tasks.map((t) => t.extra_attrs.parameters);
    expect(plain).toMatchObject({ policy_id: id, event_type: 'PUSH_ARTIFACT', payload_format: 'Default' });
    expect(JSON.parse(plain!.payload as string)).toMatchObject({
      type: 'PUSH_ARTIFACT',
      operator: 'admin',
      event_data: {
        resources: [{ digest: DIGEST, tag: 'v1', resource_url: 'harbor.test:8480/hooks/app:v1' }],
        repository: { name: 'app', namespace: 'hooks', repo_full_name: 'hooks/app', repo_type: 'public' },
      },
    });
    expect(JSON.parse(cloud!.payload as string)).toMatchObject({
      specversion: '1.0',
      source: `/projects/${projectId}/webhook/policies/${id}`,
      type: 'harbor.artifact.pushed',
    });
    expect(JSON.stringify(executions) + JSON.stringify(tasks)).not.toContain('s3cret');
    const queued = await jobs.queue('WEBHOOK').getJob(`task-${tasks[0]!.id}`);
    expect(queued?.data).toEqual({ taskId: tasks[0]!.id });

    const listed = await call('GET', `${POLICIES}/${id}/executions`);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('x-total-count')).toBe('2');
    expect((listed.body as Json[])[0]).toMatchObject({
      vendor_type: 'SLACK',
      vendor_id: id,
      trigger: 'EVENT',
      metrics: { task_count: 1, pending_task_count: 1 },
    });
    const taskList = await call('GET', `${POLICIES}/${id}/executions/${executions[0]!.id}/tasks`);
    expect(taskList.status).toBe(200);
    // Newest first, as Harbor lists tasks.
    expect((taskList.body as Json[]).map((t) => t.id)).toEqual(tasks.map((t) => t.id).reverse());
    const log = await call(
      'GET',
      `${POLICIES}/${id}/executions/${executions[0]!.id}/tasks/${tasks[0]!.id}/log`,
    );
    expect(log.status).toBe(200);
    // A task of another execution, or an execution of another policy, is not found.
    const slackExecution = executions[1]!.id;
    expect(
      (await call('GET', `${POLICIES}/${id}/executions/${slackExecution}/tasks/${tasks[0]!.id}/log`)).status,
    ).toBe(404);

    const triggers = await call('GET', '/projects/hooks/webhook/lasttrigger');
    expect(triggers.status).toBe(200);
    const mine = (triggers.body as Json[]).find((t) => t.policy_name === 'deliver');
    expect(mine).toMatchObject({ event_type: 'PUSH_ARTIFACT', enabled: true });
    expect(mine?.last_trigger_time).toBeTruthy();
    const idle = (triggers.body as Json[]).find((t) => t.policy_name === 'disabled');
    expect(idle).not.toHaveProperty('last_trigger_time');

    // Deleting the policy takes its deliveries with it.
    expect((await call('DELETE', `${POLICIES}/${id}`)).status).toBe(200);
    const left = (await db.query(
      `SELECT count(*)::int AS n FROM execution WHERE vendor_id = $1 AND vendor_type IN ('WEBHOOK', 'SLACK')`,
      [id],
    )) as { n: number }[];
    expect(left[0]!.n).toBe(0);
  });
});
