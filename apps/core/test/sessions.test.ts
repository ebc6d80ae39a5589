import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, login } from './support/harbor-client.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';

describe('UI sessions and CSRF', () => {
  let core: CoreTestApp;
  beforeAll(async () => {
    core = await startCore();
  });
  afterAll(() => core.close());

  it('signs in with a form post and sets an HttpOnly sid cookie', async () => {
    const { response, setCookie, csrf } = await login(core.baseUrl, ADMIN);
    expect(response.status).toBe(200);
    expect(setCookie).toMatch(/^sid=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax/);
    expect(csrf).not.toBe('');
  });

  it('refuses bad credentials with the same answer whether the user exists or not', async () => {
    const wrong = await login(core.baseUrl, { username: 'admin', password: 'Wrong12345' });
    const missing = await login(core.baseUrl, { username: 'nobody', password: 'Wrong12345' });
    expect(wrong.response.status).toBe(401);
    expect(missing.response.status).toBe(401);
    expect(await wrong.response.json()).toEqual(await missing.response.json());
    expect(wrong.setCookie).toBe('');
  });

  it('knows the session user and returns the CSRF token on every response', async () => {
    const { cookie, csrf } = await login(core.baseUrl, ADMIN);
    const current = await api(core.baseUrl, 'GET', '/users/current', { headers: { cookie } });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ username: 'admin', sysadmin_flag: true });
    expect(current.headers.get('x-harbor-csrf-token')).toBe(csrf);
  });

  it('refuses an unsafe cookie request without the CSRF token, accepts it with the token', async () => {
    const { cookie, csrf } = await login(core.baseUrl, ADMIN);
    const body = { project_name: 'csrf-check', metadata: { public: 'false' } };
    const missing = await api(core.baseUrl, 'POST', '/projects', { headers: { cookie }, body });
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual({ errors: [{ code: 'FORBIDDEN', message: 'CSRF token invalid' }] });
    const wrong = await api(core.baseUrl, 'POST', '/projects', {
      headers: { cookie, 'x-harbor-csrf-token': 'x' },
      body,
    });
    expect(wrong.status).toBe(403);
    const right = await api(core.baseUrl, 'POST', '/projects', {
      headers: { cookie, 'x-harbor-csrf-token': csrf },
      body,
    });
    expect(right.status).toBe(201);
  });

  it('needs no CSRF token for basic auth', async () => {
    const created = await api(core.baseUrl, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'basic-no-csrf' },
    });
    expect(created.status).toBe(201);
  });

  it('ends the session on log out', async () => {
    const { cookie } = await login(core.baseUrl, ADMIN);
    const out = await fetch(`${core.baseUrl}/c/log_out`, { headers: { cookie } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^sid=;.*Max-Age=0/);
    const after = await api(core.baseUrl, 'GET', '/users/current', { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('accepts the email as principal and ends the previous session on a new sign-in', async () => {
    const first = await login(core.baseUrl, ADMIN);
    const second = await fetch(`${core.baseUrl}/c/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: first.cookie },
      body: new URLSearchParams({ principal: 'admin@example.com', password: ADMIN.password }).toString(),
    });
    expect(second.status).toBe(200);
    expect(
      (await api(core.baseUrl, 'GET', '/users/current', { headers: { cookie: first.cookie } })).status,
    ).toBe(401);
    const cookie = (second.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await api(core.baseUrl, 'GET', '/users/current', { headers: { cookie } })).status).toBe(200);
  });

  it('refuses wrong basic credentials with 401', async () => {
    const response = await api(core.baseUrl, 'GET', '/users/current', {
      as: { username: 'admin', password: 'nope' },
    });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: [{ code: 'UNAUTHORIZED', message: expect.any(String) }] });
  });
});
