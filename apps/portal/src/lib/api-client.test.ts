import { describe, expect, it, vi } from 'vitest';
import { createApiClient, CSRF_HEADER } from './api-client';
import { ApiError, parseErrorBody } from './api-error';

type Call = { url: string; init: RequestInit };

/** A fake fetch answering from a queue, recording what was sent. */
function fakeFetch(...responses: Response[]) {
  const calls: Call[] = [];
  const fetch = vi.fn((url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = responses.shift();
    return next ? Promise.resolve(next) : Promise.reject(new TypeError('Failed to fetch'));
  });
  return { fetch, calls };
}

const sentHeader = (call: Call | undefined, name: string) => new Headers(call?.init.headers).get(name);

describe('api client', () => {
  it('prefixes /api/v2.0, sends cookies and returns parsed JSON', async () => {
    const { fetch, calls } = fakeFetch(Response.json({ username: 'admin' }));
    const client = createApiClient({ fetch });

    await expect(client.get('/users/current')).resolves.toEqual({ username: 'admin' });
    expect(calls[0]?.url).toBe('/api/v2.0/users/current');
    expect(calls[0]?.init.credentials).toBe('include');
  });

  it('echoes the last received CSRF token on unsafe methods only', async () => {
    const { fetch, calls } = fakeFetch(
      new Response('{}', { headers: { [CSRF_HEADER]: 'token-1', 'Content-Type': 'application/json' } }),
      new Response(null, { status: 201, headers: { [CSRF_HEADER]: 'token-2' } }),
      new Response(null, { status: 200 }),
      new Response(null, { status: 200 }),
    );
    const client = createApiClient({ fetch });

    await client.get('/systeminfo');
    await client.post('/projects', { project_name: 'demo' });
    await client.delete('/projects/demo');
    await client.get('/projects');

    expect(sentHeader(calls[0], CSRF_HEADER)).toBeNull();
    expect(sentHeader(calls[1], CSRF_HEADER)).toBe('token-1');
    expect(calls[1]?.init.body).toBe('{"project_name":"demo"}');
    expect(sentHeader(calls[2], CSRF_HEADER)).toBe('token-2');
    expect(sentHeader(calls[3], CSRF_HEADER)).toBeNull();
  });

  it('retries an unsafe request once when a 403 hands out a fresh token', async () => {
    const forbidden = Response.json(
      { errors: [{ code: 'FORBIDDEN', message: 'CSRF token invalid' }] },
      { status: 403, headers: { [CSRF_HEADER]: 'fresh' } },
    );
    const { fetch, calls } = fakeFetch(forbidden, new Response(null, { status: 200 }));
    const client = createApiClient({ fetch });

    await client.request('/c/login', { method: 'POST', form: { principal: 'a', password: 'b' } });

    expect(calls).toHaveLength(2);
    expect(sentHeader(calls[0], CSRF_HEADER)).toBeNull();
    expect(sentHeader(calls[1], CSRF_HEADER)).toBe('fresh');
  });

  it('does not retry a 403 that brings no new token', async () => {
    const { fetch, calls } = fakeFetch(
      Response.json({ errors: [{ code: 'FORBIDDEN', message: 'forbidden' }] }, { status: 403 }),
    );
    const client = createApiClient({ fetch });

    await expect(client.delete('/projects/1')).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(calls).toHaveLength(1);
  });

  it("turns Harbor's error body into an ApiError", async () => {
    const body = { errors: [{ code: 'NOT_FOUND', message: 'project demo not found' }] };
    const { fetch } = fakeFetch(Response.json(body, { status: 404 }));
    const client = createApiClient({ fetch });

    const error = await client.get('/projects/demo').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'project demo not found' });
    expect((error as ApiError).errors).toEqual(body.errors);
  });

  it('derives the code from the status when the body is not Harbor JSON', () => {
    expect(parseErrorBody(401, 'Unauthorized', '')).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'Unauthorized',
    });
    expect(parseErrorBody(502, 'Bad Gateway', '<html>nginx</html>')).toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      message: '<html>nginx</html>',
    });
  });

  it('reports network failures as status 0 / NETWORK_ERROR', async () => {
    const { fetch } = fakeFetch();
    const client = createApiClient({ fetch });
    await expect(client.get('/systeminfo')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('reads X-Total-Count for lists', async () => {
    const { fetch, calls } = fakeFetch(Response.json([{ id: 1 }], { headers: { 'X-Total-Count': '42' } }));
    const client = createApiClient({ fetch });

    await expect(
      client.list('/projects', { query: { page: 2, page_size: 1, q: undefined } }),
    ).resolves.toEqual({
      items: [{ id: 1 }],
      total: 42,
    });
    expect(calls[0]?.url).toBe('/api/v2.0/projects?page=2&page_size=1');
  });
});
