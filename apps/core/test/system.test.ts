import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type CoreTestApp } from './support/core-test-app.js';

describe('core system endpoints', () => {
  let core: CoreTestApp;
  beforeAll(async () => {
    core = await startCore();
  });
  afterAll(() => core.close());

  it('answers ping with Pong as plain text', async () => {
    const response = await fetch(`${core.baseUrl}/api/v2.0/ping`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toBe('Pong');
  });

  it('reports version, auth mode and external URL in systeminfo', async () => {
    const info = await (await fetch(`${core.baseUrl}/api/v2.0/systeminfo`)).json();
    expect(info).toMatchObject({
      harbor_version: 'v2.11.0-harbor-ts.test',
      auth_mode: 'db_auth',
      external_url: 'http://harbor.test:8480',
      registry_url: 'harbor.test:8480',
    });
  });

  it('reports each component and names the unreachable ones', async () => {
    const health = (await (await fetch(`${core.baseUrl}/api/v2.0/health`)).json()) as {
      status: string;
      components: { name: string; status: string; error?: string }[];
    };
    const byName = Object.fromEntries(health.components.map((c) => [c.name, c.status]));
    expect(byName).toEqual({
      core: 'healthy',
      database: 'healthy',
      redis: 'healthy',
      registry: 'unhealthy',
      registryctl: 'unhealthy',
      jobservice: 'unhealthy',
      portal: 'healthy',
    });
    expect(health.status).toBe('unhealthy');
    const registry = health.components.find((c) => c.name === 'registry');
    expect(registry?.error).toMatch(/ENOENT|connect/);
  });

  it("renders unknown routes as Harbor's error body", async () => {
    const response = await fetch(`${core.baseUrl}/api/v2.0/no-such-thing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ errors: [{ code: 'NOT_FOUND', message: expect.any(String) }] });
  });
});
