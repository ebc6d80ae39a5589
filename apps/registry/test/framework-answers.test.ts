import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, startRegistry, type TestRegistry } from './harness.js';
import { send } from './http.js';

// The registry ran on NestJS + Fastify; these answers were theirs, and clients saw them.
let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry.close());

/** Writes raw bytes and returns everything the server answers before it closes the connection. */
function raw(text: string): Promise<string> {
  const [host, port] = registry.host.split(':');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), host);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
    socket.end(text);
  });
}

describe('answers the framework used to give', () => {
  it('pings with JSON that names its charset', async () => {
    const ping = await send(registry, 'GET', '/v2/');
    expect(ping.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(ping.body.toString()).toBe('{}');
  });

  it('refuses paths outside /v2 with 404, naming the request as sent, without asking for credentials', async () => {
    const res = await send(registry, 'GET', '/foo?x=1', { auth: false });
    expect(res.status).toBe(404);
    expect(res.headers['docker-distribution-api-version']).toBeUndefined();
    expect(res.json()).toEqual({ errors: [{ code: 'UNSUPPORTED', message: 'Cannot GET /foo?x=1' }] });
  });

  it("refuses a malformed percent-escape with Fastify's 400 body", async () => {
    const res = await send(registry, 'GET', '/v2/lib/%zz/tags/list');
    expect(res.status).toBe(400);
    expect(res.body.toString()).toBe(
      `{"statusCode":400,"code":"FST_ERR_BAD_URL","error":"Bad Request","message":"'/v2/lib/%zz/tags/list' is not a valid url component"}`,
    );
  });

  it('routes an absolute-form target by its path', async () => {
    const answer = await raw(
      `GET http://x/v2/ HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1.1 404 Not Found\r\n/);
    expect(answer).toContain('{"errors":[{"code":"UNSUPPORTED","message":"no such endpoint"}]}');
  });

  it('answers requests Node cannot parse with JSON', async () => {
    const body = '{"error":"Bad Request","message":"Client Error","statusCode":400}';
    expect(await raw('GARBAGE\r\n\r\n')).toBe(
      `HTTP/1.1 400 Bad Request\r\nContent-Length: ${body.length}\r\nContent-Type: application/json\r\n\r\n${body}`,
    );
    const tooLarge = await raw(`GET /v2/ HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(tooLarge).toMatch(/^HTTP\/1.1 431 Request Header Fields Too Large\r\n/);
    expect(tooLarge).toContain('"message":"Exceeded maximum allowed HTTP header size","statusCode":431}');
  });
});
