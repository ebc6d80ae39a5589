import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataSource } from 'typeorm';
import { freePort } from '@harbor-ts/testing';
import { CoreMetrics } from '../src/metrics/core-metrics.js';
import { seedRepository } from './support/catalog-seed.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { ADMIN, api, basicAuth } from './support/harbor-client.js';
import { parsePrometheusText as parse, sampleValue as value } from './support/prometheus-text.js';

const TTL_MS = 3_000;

describe('Prometheus metrics (metric.enabled)', () => {
  let core: CoreTestApp;
  let metricsUrl: string;
  const scrape = async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return parse(await response.text());
  };

  beforeAll(async () => {
    core = await startCore({
      metrics: { listen: { host: '127.0.0.1', port: 0 }, path: '/metrics', cacheTtlMs: TTL_MS },
    });
    const port = core.app.get(CoreMetrics).listeningPort;
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
  });
  afterAll(() => core.close());

  it('counts API and registry requests with method, code and operation', async () => {
    const listed = await api(core.baseUrl, 'GET', '/projects', { as: ADMIN });
    expect(listed.status).toBe(200);
    expect((await api(core.baseUrl, 'GET', '/projects/no-such-project', { as: ADMIN })).status).toBe(404);
    expect((await fetch(`${core.baseUrl}/v2/`)).status).toBe(401);
    const samples = await scrape();
    const count = (labels: Record<string, string>) =>
      value(samples, 'harbor_core_http_request_total', labels);
    expect(count({ method: 'GET', code: '200', operation: 'listProjects' })).toBe(1);
    expect(count({ method: 'GET', code: '404', operation: 'getProject' })).toBe(1);
    expect(count({ method: 'GET', code: '401', operation: 'v2_others' })).toBe(1);
    expect(
      value(samples, 'harbor_core_http_request_duration_seconds_count', {
        method: 'GET',
        operation: 'listProjects',
      }),
    ).toBe(1);
    expect(
      value(samples, 'harbor_core_http_request_duration_seconds', {
        method: 'GET',
        operation: 'listProjects',
        quantile: '0.99',
      }),
    ).toBeGreaterThan(0);
    // The scrape itself is not an API request, and nothing is in flight once answered.
    expect(value(samples, 'harbor_core_http_inflight_requests')).toBe(0);
    expect(samples.some((s) => s.labels.operation === 'unknown' && s.labels.code === '200')).toBe(false);
  });

  it("reports the exporter's project, health, system and job figures", async () => {
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 100)); // past the first test's scrape
    const created = await api(core.baseUrl, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'metrics-pub', metadata: { public: 'true' }, storage_limit: 1048576 },
    });
    expect(created.status).toBe(201);
    const pub = Number(created.headers.get('location')?.split('/').pop());
    await createProject(core.baseUrl, 'metrics-priv');
    const dev = await createUser(core.baseUrl, 'metrics-dev');
    await addMember(core.baseUrl, pub, dev.username, 2);
    const db = core.app.get(DataSource);
    await seedRepository(db, { id: pub, name: 'metrics-pub' }, 'app', 3);
    await seedRepository(db, { id: pub, name: 'metrics-pub' }, 'web', 1);
    await db.query(`UPDATE repository SET pull_count = 5 WHERE name = 'metrics-pub/app'`);
    // What a push records in the project's quota usage.
    await db.query(
      `UPDATE quota_usage SET used = '{"storage": 4096}' WHERE reference = 'project' AND reference_id = $1`,
      [String(pub)],
    );
    expect(
      (
        await fetch(`${core.baseUrl}/api/v2.0/projects/metrics-pub`, {
          headers: { authorization: basicAuth(dev) },
        })
      ).status,
    ).toBe(200);

    const samples = await scrape();
    // library (created at first start) is public too.
    expect(value(samples, 'harbor_project_total', { public: 'true' })).toBe(2);
    expect(value(samples, 'harbor_project_total', { public: 'false' })).toBe(1);
    const project = { project_name: 'metrics-pub' };
    expect(value(samples, 'harbor_project_repo_total', { ...project, public: 'true' })).toBe(2);
    expect(value(samples, 'harbor_project_member_total', project)).toBe(2); // admin (creator) + dev
    expect(value(samples, 'harbor_project_quota_byte', project)).toBe(1048576);
    expect(value(samples, 'harbor_project_quota_usage_byte', project)).toBe(4096);
    expect(value(samples, 'harbor_project_quota_byte', { project_name: 'metrics-priv' })).toBe(-1);
    expect(value(samples, 'harbor_artifact_pulled', project)).toBe(5);
    expect(
      value(samples, 'harbor_project_artifact_total', { ...project, public: 'true', artifact_type: 'IMAGE' }),
    ).toBe(4);
    expect(
      value(samples, 'harbor_project_repo_total', { project_name: 'metrics-priv', public: 'false' }),
    ).toBe(0);

    expect(value(samples, 'harbor_health')).toBe(0); // registry, registryctl, jobservice are not running here
    expect(value(samples, 'harbor_up', { component: 'database' })).toBe(1);
    expect(value(samples, 'harbor_up', { component: 'core' })).toBe(1);
    expect(value(samples, 'harbor_up', { component: 'registry' })).toBe(0);
    expect(
      value(samples, 'harbor_system_info', {
        auth_mode: 'db_auth',
        harbor_version: 'v2.11.0-harbor-ts.test',
        self_registration: 'false',
      }),
    ).toBe(1);
    expect(value(samples, 'harbor_task_queue_size', { type: 'GARBAGE_COLLECTION' })).toBe(0);
    expect(value(samples, 'harbor_task_queue_latency', { type: 'GARBAGE_COLLECTION' })).toBe(0);
    expect(value(samples, 'harbor_task_scheduled_total')).toBeGreaterThanOrEqual(0);
  });

  it('serves database figures from its cache within the TTL, then refreshes them', async () => {
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));
    const before = value(await scrape(), 'harbor_project_total', { public: 'false' }) ?? 0;
    await createProject(core.baseUrl, 'metrics-later');
    const queries = vi.spyOn(core.app.get(DataSource), 'query');
    const cached = await scrape();
    const projectQueries = queries.mock.calls.filter(([sql]) => /\bFROM (project|artifact)\b/.test(sql));
    queries.mockRestore();
    expect(projectQueries).toEqual([]);
    expect(value(cached, 'harbor_project_total', { public: 'false' })).toBe(before);
    // Request metrics are live, not cached.
    expect(
      value(cached, 'harbor_core_http_request_total', {
        method: 'POST',
        code: '201',
        operation: 'createProject',
      }),
    ).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));
    const refreshing = vi.spyOn(core.app.get(DataSource), 'query');
    const refreshed = await scrape();
    const refreshQueries = refreshing.mock.calls.filter(([sql]) => /\bFROM (project|artifact)\b/.test(sql));
    refreshing.mockRestore();
    expect(value(refreshed, 'harbor_project_total', { public: 'false' })).toBe(before + 1);
    // However many projects: two aggregate queries, no per-project loop.
    expect(refreshQueries).toHaveLength(2);
  });

  it('answers 404 off the metric path, and the API port does not serve metrics', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
    expect((await fetch(`${core.baseUrl}/metrics`)).status).toBe(404);
  });
});

describe('Prometheus metrics disabled', () => {
  it('listens on no metrics port, where an enabled core would', async () => {
    const port = await freePort();
    const disabled = await startCore();
    try {
      expect(disabled.app.get(CoreMetrics).listeningPort).toBeUndefined();
      await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
      expect((await fetch(`${disabled.baseUrl}/metrics`)).status).toBe(404);
    } finally {
      await disabled.close();
    }
    // The same port with metric.enabled: the check above would have seen a listener.
    const enabled = await startCore({
      metrics: { listen: { host: '127.0.0.1', port }, path: '/metrics', cacheTtlMs: TTL_MS },
    });
    try {
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    } finally {
      await enabled.close();
    }
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow(); // closed with core
  });
});
