import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scannerAuthorization } from './scan-registry.js';

const robot = { username: 'robot$library+scan-1', password: 'secret' };
const basic = `Basic ${Buffer.from(`${robot.username}:${robot.password}`).toString('base64')}`;

describe('scannerAuthorization', () => {
  let server: Server;
  let url: string;
  const asked: { authorization?: string; query: string }[] = [];

  beforeAll(async () => {
    // A token service as core's: the robot's Basic credentials in, a token for the scope out.
    server = createServer((request, response) => {
      asked.push({ authorization: request.headers.authorization, query: request.url ?? '' });
      const ok = request.url?.startsWith('/service/token?') && request.headers.authorization === basic;
      response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      response.end(JSON.stringify(ok ? { token: 'jwt-for-the-scan' } : { errors: [] }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('hands the robot Basic credentials to a scanner pulling from the external URL', async () => {
    const signal = new AbortController().signal;
    expect(await scannerAuthorization({ url, internal: false }, robot, 'library/app', ['pull'], signal)).toBe(
      basic,
    );
    expect(asked).toEqual([]);
  });

  it("hands a token from core's internal token service to a scanner using the internal URL", async () => {
    const signal = new AbortController().signal;
    expect(await scannerAuthorization({ url, internal: true }, robot, 'library/app', ['pull'], signal)).toBe(
      'Bearer jwt-for-the-scan',
    );
    const query = new URLSearchParams(asked[0]!.query.split('?')[1]);
    expect(query.get('service')).toBe('harbor-registry');
    expect(query.get('scope')).toBe('repository:library/app:pull');
  });

  it('fails the scan with the reason when the token service refuses the robot', async () => {
    const signal = new AbortController().signal;
    await expect(
      scannerAuthorization(
        { url, internal: true },
        { ...robot, password: 'wrong' },
        'library/app',
        ['pull'],
        signal,
      ),
    ).rejects.toThrow(/answered 401/);
  });
});
