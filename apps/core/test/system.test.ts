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

  it("answers every request with X-Request-Id: the caller's own, or a new UUID, as Harbor does", async () => {
    const own = await fetch(`${core.baseUrl}/api/v2.0/ping`, { headers: { 'X-Request-Id': 'script-42' } });
    expect(own.headers.get('x-request-id')).toBe('script-42');
    const [first, second] = await Promise.all(
      ['/api/v2.0/systeminfo', '/api/v2.0/no-such-path'].map((path) => fetch(`${core.baseUrl}${path}`)),
    );
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(first!.headers.get('x-request-id')).toMatch(uuid);
    expect(second!.status).toBe(404);
    expect(second!.headers.get('x-request-id')).toMatch(uuid);
    expect(second!.headers.get('x-request-id')).not.toBe(first!.headers.get('x-request-id'));
    const v2 = await fetch(`${core.baseUrl}/v2/`);
    expect(v2.headers.get('x-request-id')).toMatch(uuid);
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
