import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api } from '../support/harbor-client.js';
import { createProject } from '../support/fixtures.js';
import { startCore, type CoreTestApp } from '../support/core-test-app.js';

type Row = Record<string, unknown>;

/**
 * Harbor's paging, `q` and default order on the lists added with replication, webhooks, retention,
 * immutable rules, scanners, GC and schedules, as harbor-cli and the portal page through them. Rows are
 * seeded with creation/start times that disagree with their ids, so a list that falls back to id order
 * where Harbor sorts by time is caught.
 */
describe('fidelity: batch-2 lists page and sort as Harbor', () => {
  let core: CoreTestApp;
  let db: DataSource;
  let projectId: number;
  let webhookPolicy: number;
  let retentionPolicy: number;
  const get = (path: string) => api(core.baseUrl, 'GET', path, { as: ADMIN });
  const insert = async (sql: string, params: unknown[]) =>
    ((await db.query(`${sql} RETURNING id`, params)) as [{ id: number }])[0].id;

  /** Three executions of a vendor; the second-inserted started last, so newest-first is [2nd, 3rd, 1st]. */
  async function seedExecutions(vendorType: string, vendorId: number) {
    const ids = [];
    for (const minutesAgo of [30, 10, 20])
      ids.push(
        await insert(
          `INSERT INTO execution (vendor_type, vendor_id, status, trigger, start_time, end_time)
           VALUES ($1, $2, 'Success', 'MANUAL', now() - make_interval(mins => $3), now())`,
          [vendorType, vendorId, minutesAgo],
        ),
      );
    return [ids[1], ids[2], ids[0]];
  }

  /**
   * Page 1 and 2 with page_size=2 of a three-row list: rows in `expected` order, X-Total-Count, and the
   * Link header Harbor writes (the request's parameters, sorted and unescaped).
   */
  async function expectPaged(path: string, expected: unknown[], key: string, extra = '') {
    const url = (page: number) => `${path}?${extra}${extra ? '&' : ''}page=${page}&page_size=2`;
    const params = (page: number) =>
      [`page=${page}`, 'page_size=2', ...(extra ? [decodeURIComponent(extra)] : [])].sort().join('&');
    const first = await get(url(1));
    expect(first.status, path).toBe(200);
    expect(first.headers.get('x-total-count'), path).toBe('3');
    expect(
      first.body.map((r: Row) => r[key]),
      path,
    ).toEqual(expected.slice(0, 2));
    expect(first.headers.get('link'), path).toBe(`</api/v2.0${path}?${params(2)}>; rel="next"`);
    const second = await get(url(2));
    expect(
      second.body.map((r: Row) => r[key]),
      path,
    ).toEqual(expected.slice(2));
    expect(second.headers.get('link'), path).toBe(`</api/v2.0${path}?${params(1)}>; rel="prev"`);
  }

  beforeAll(async () => {
    core = await startCore();
    db = core.app.get(DataSource);
    projectId = await createProject(core.baseUrl, 'batch');
    for (const [name, minutesAgo] of [
      ['fid-reg-a', 1],
      ['fid-reg-b', 3],
      ['fid-reg-c', 2],
    ] as const) {
      const registry = await insert(
        `INSERT INTO registry (name, url, type, creation_time) VALUES ($1, $2, 'harbor', now() - make_interval(mins => $3))`,
        [name, `https://${name}.example.com`, minutesAgo],
      );
      await insert(
        `INSERT INTO replication_policy (name, src_registry_id, creation_time) VALUES ($1, $2, now() - make_interval(mins => $3))`,
        [name.replace('reg', 'rep'), registry, minutesAgo],
      );
      webhookPolicy = await insert(
        `INSERT INTO notification_policy (name, project_id, event_types, creation_time)
         VALUES ($1, $2, '["PUSH_ARTIFACT"]', now() - make_interval(mins => $3))`,
        [name.replace('reg', 'hook'), projectId, minutesAgo],
      );
      await insert(
        `INSERT INTO scanner_registration (uuid, name, url, create_time) VALUES ($1, $2, $3, now() - make_interval(mins => $4))`,
        [name, name.replace('reg', 'scan'), `http://${name}.example.com:8080`, minutesAgo],
      );
    }
    retentionPolicy = await insert(
      `INSERT INTO retention_policy (scope_level, scope_reference, trigger_kind, data) VALUES ('project', $1, 'Schedule', $2)`,
      [projectId, JSON.stringify({ scope: { level: 'project', ref: projectId } })],
    );
  });
  afterAll(() => core.close());

  it('/registries: id order, q and the legacy fuzzy name', async () => {
    await expectPaged('/registries', ['fid-reg-a', 'fid-reg-b', 'fid-reg-c'], 'name');
    const fuzzy = await get(`/registries?q=${encodeURIComponent('name=~reg-b')}`);
    expect(fuzzy.body.map((r: Row) => r.name)).toEqual(['fid-reg-b']);
    expect((await get('/registries?name=REG-C')).body.map((r: Row) => r.name)).toEqual(['fid-reg-c']);
    const sorted = await get('/registries?sort=-name&page_size=1');
    expect(sorted.body.map((r: Row) => r.name)).toEqual(['fid-reg-c']);
  });

  it('/replication/policies: newest first (Harbor sorts by -creation_time), q and fuzzy name', async () => {
    await expectPaged('/replication/policies', ['fid-rep-a', 'fid-rep-c', 'fid-rep-b'], 'name');
    const named = await get('/replication/policies?name=rep-');
    expect(named.headers.get('x-total-count')).toBe('3');
    const exact = await get(`/replication/policies?q=${encodeURIComponent('name=fid-rep-b')}`);
    expect(exact.body.map((r: Row) => r.name)).toEqual(['fid-rep-b']);
    const sorted = await get('/replication/policies?sort=name');
    expect(sorted.body.map((r: Row) => r.name)).toEqual(['fid-rep-a', 'fid-rep-b', 'fid-rep-c']);
  });

  it('/replication/executions: newest start first, by policy and status as Harbor names them', async () => {
    const [policy] = (await db.query(`SELECT id FROM replication_policy WHERE name = 'fid-rep-a'`)) as [
      { id: number },
    ];
    const expected = await seedExecutions('REPLICATION', policy.id);
    await expectPaged('/replication/executions', expected, 'id', `policy_id=${policy.id}`);
    const succeeded = await get(`/replication/executions?policy_id=${policy.id}&status=Succeed`);
    expect(succeeded.headers.get('x-total-count')).toBe('3');
    expect(succeeded.body[0].status).toBe('Succeed');
    expect((await get('/replication/executions?status=Failed')).headers.get('x-total-count')).toBe('0');
  });

  it('/projects/{p}/webhook/policies: newest first, q on name', async () => {
    await expectPaged('/projects/batch/webhook/policies', ['fid-hook-a', 'fid-hook-c', 'fid-hook-b'], 'name');
    const fuzzy = await get(`/projects/batch/webhook/policies?q=${encodeURIComponent('name=~hook-c')}`);
    expect(fuzzy.body.map((r: Row) => r.name)).toEqual(['fid-hook-c']);
  });

  it('/projects/{p}/webhook/policies/{id}/executions: newest start first', async () => {
    const expected = await seedExecutions('WEBHOOK', webhookPolicy);
    await expectPaged(`/projects/batch/webhook/policies/${webhookPolicy}/executions`, expected, 'id');
  });

  it('/projects/{p}/immutabletagrules: oldest first (Harbor has no default order, ids ascending)', async () => {
    const ids = [];
    for (const tag of ['v1', 'v2', 'v3']) {
      const created = await api(core.baseUrl, 'POST', '/projects/batch/immutabletagrules', {
        as: ADMIN,
        body: {
          disabled: tag === 'v2',
          action: 'immutable',
          template: 'immutable_template',
          tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: tag }],
          scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
        },
      });
      expect(created.status).toBe(201);
      ids.push(Number(created.headers.get('location')!.split('/').pop()));
    }
    await expectPaged('/projects/batch/immutabletagrules', ids, 'id');
    const disabled = await get(`/projects/batch/immutabletagrules?q=${encodeURIComponent('disabled=true')}`);
    expect(disabled.body.map((r: Row) => r.id)).toEqual([ids[1]]);
  });

  it('/retentions/{id}/executions: newest start first', async () => {
    const expected = await seedExecutions('RETENTION', retentionPolicy);
    await expectPaged(`/retentions/${retentionPolicy}/executions`, expected, 'id');
  });

  it('/scanners: q, legacy name/ex_name filters, id order', async () => {
    const q = encodeURIComponent('name=~fid-scan');
    await expectPaged('/scanners', ['fid-scan-a', 'fid-scan-b', 'fid-scan-c'], 'name', `q=${q}`);
    expect((await get('/scanners?name=scan-b')).body.map((r: Row) => r.name)).toEqual(['fid-scan-b']);
    expect((await get('/scanners?ex_name=fid-scan')).body).toEqual([]);
    expect((await get('/scanners?ex_name=fid-scan-c')).body.map((r: Row) => r.name)).toEqual(['fid-scan-c']);
  });

  it('/system/gc: newest run first, q on status', async () => {
    const expected = await seedExecutions('GARBAGE_COLLECTION', -1);
    await expectPaged('/system/gc', expected, 'id');
    const running = await get(`/system/gc?q=${encodeURIComponent('job_status=Running')}`);
    expect(running.headers.get('x-total-count')).toBe('0');
  });

  it('/schedules: every schedule in id order, paged', async () => {
    await db.query(`DELETE FROM schedule`);
    const ids = [];
    for (const vendor of ['GARBAGE_COLLECTION', 'PURGE_AUDIT_LOG', 'RETENTION'])
      ids.push(
        await insert(
          `INSERT INTO schedule (vendor_type, vendor_id, cron, cron_type, callback_func_name) VALUES ($1, 1, '0 0 0 * * *', 'Daily', $1)`,
          [vendor],
        ),
      );
    await expectPaged('/schedules', ids, 'id');
  });

  it('refuses a page size over 100 on every one of these lists', async () => {
    for (const path of [
      '/registries',
      '/replication/policies',
      '/replication/executions',
      '/projects/batch/webhook/policies',
      '/projects/batch/immutabletagrules',
      `/retentions/${retentionPolicy}/executions`,
      '/scanners',
      '/system/gc',
      '/schedules',
    ])
      expect((await get(`${path}?page_size=101`)).status, path).toBe(422);
  });
});
