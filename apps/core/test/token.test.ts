import { createPublicKey } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libtrustKeyId } from '../src/token/token-keys.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { basicAuth } from './support/harbor-client.js';
import { RegistryFixtures, ROLE, writeTokenKey } from './support/registry-fixtures.js';

interface TokenBody {
  token: string;
  access_token: string;
  expires_in: number;
  issued_at: string;
}

describe('token service (/service/token)', () => {
  let core: CoreTestApp;
  let fixtures: RegistryFixtures;
  const key = writeTokenKey();
  const dev = { username: 'dev', password: 'Dev12345' };
  const guest = { username: 'guest', password: 'Guest12345' };

  beforeAll(async () => {
    core = await startCore({
      token: { privateKeyFile: key.privateKeyFile, certificateFile: key.certificateFile },
    });
    fixtures = new RegistryFixtures(core.config.database);
    const priv = await fixtures.project('priv');
    const other = await fixtures.project('other');
    await fixtures.project('pub', { public: true });
    await fixtures.member(priv, await fixtures.user(dev.username, dev.password), ROLE.developer);
    await fixtures.member(priv, await fixtures.user(guest.username, guest.password), ROLE.guest);
    await fixtures.robot(priv, 'robot$priv+ci', 'RobotSecret1', ['pull', 'push']);
    void other;
  });
  afterAll(async () => {
    await fixtures.close();
    await core.close();
  });

  async function token(scopes: string[], credentials?: { username: string; password: string }) {
    const query = new URLSearchParams({ service: 'harbor-registry' });
    for (const scope of scopes) query.append('scope', scope);
    const response = await fetch(`${core.baseUrl}/service/token?${query}`, {
      headers: credentials ? { authorization: basicAuth(credentials) } : {},
    });
    const body = (response.status === 200 ? await response.json() : {}) as TokenBody;
    return { status: response.status, body };
  }

  async function claims(jwt: string) {
    return (
      await jwtVerify(jwt, createPublicKey(key.publicKeyPem), {
        issuer: 'harbor-token-issuer',
        audience: 'harbor-registry',
      })
    ).payload;
  }

  it('signs ES256 tokens with the prepared key and the standard claims', async () => {
    const { status, body } = await token(['repository:priv/app:pull,push'], dev);
    expect(status).toBe(200);
    expect(body.access_token).toBe(body.token);
    expect(body.expires_in).toBe(30 * 60);
    expect(Date.parse(body.issued_at)).toBeGreaterThan(Date.now() - 60_000);
    const header = decodeProtectedHeader(body.token);
    expect(header).toMatchObject({ alg: 'ES256', kid: libtrustKeyId(createPublicKey(key.publicKeyPem)) });
    expect(header.kid).toMatch(/^([A-Z2-7]{4}:){11}[A-Z2-7]{4}$/);
    const payload = await claims(body.token);
    expect(payload).toMatchObject({
      sub: 'dev',
      access: [{ type: 'repository', name: 'priv/app', actions: ['pull', 'push'] }],
    });
    expect(typeof payload.jti).toBe('string');
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.exp! - payload.iat!).toBe(30 * 60);
  });

  it('grants the intersection of requested and allowed actions', async () => {
    const { body } = await token(
      ['repository:priv/app:pull,push,delete', 'repository:other/x:pull', 'repository:nope/x:pull'],
      guest,
    );
    expect((await claims(body.token)).access).toEqual([
      { type: 'repository', name: 'priv/app', actions: ['pull'] },
      { type: 'repository', name: 'other/x', actions: [] },
      { type: 'repository', name: 'nope/x', actions: [] },
    ]);
  });

  it('gives anonymous callers pull on public projects only', async () => {
    const { status, body } = await token(['repository:pub/app:pull,push', 'repository:priv/app:pull']);
    expect(status).toBe(200);
    const payload = await claims(body.token);
    expect(payload.sub).toBe('');
    expect(payload.access).toEqual([
      { type: 'repository', name: 'pub/app', actions: ['pull'] },
      { type: 'repository', name: 'priv/app', actions: [] },
    ]);
  });

  it('refuses a wrong password with 401', async () => {
    const { status } = await token(['repository:priv/app:pull'], { username: 'dev', password: 'wrong' });
    expect(status).toBe(401);
  });

  it('issues robot tokens with the robot permissions', async () => {
    const { status, body } = await token(['repository:priv/app:pull,push', 'repository:pub/app:push'], {
      username: 'robot$priv+ci',
      password: 'RobotSecret1',
    });
    expect(status).toBe(200);
    const payload = await claims(body.token);
    expect(payload.sub).toBe('robot$priv+ci');
    expect(payload.access).toEqual([
      { type: 'repository', name: 'priv/app', actions: ['pull', 'push'] },
      { type: 'repository', name: 'pub/app', actions: [] },
    ]);
    expect(
      (await token(['repository:priv/app:pull'], { username: 'robot$priv+ci', password: 'bad' })).status,
    ).toBe(401);
  });

  it('takes the lifetime from token_expiration', async () => {
    await fixtures.query(
      `INSERT INTO properties (k, v) VALUES ('token_expiration', '5') ON CONFLICT (k) DO UPDATE SET v = '5'`,
    );
    const { body } = await token(['repository:priv/app:pull'], dev);
    expect(body.expires_in).toBe(300);
    const payload = await claims(body.token);
    expect(payload.exp! - payload.iat!).toBe(300);
    await fixtures.query(`DELETE FROM properties WHERE k = 'token_expiration'`);
  });
});

describe('token service with an RSA key carried over from Harbor', () => {
  it('signs RS256 tokens that verify with the key', async () => {
    const rsa = writeTokenKey('rsa');
    const core = await startCore({
      token: { privateKeyFile: rsa.privateKeyFile, certificateFile: rsa.certificateFile },
    });
    try {
      const response = await fetch(`${core.baseUrl}/service/token?service=harbor-registry`);
      const { token } = (await response.json()) as TokenBody;
      expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256' });
      const { payload } = await jwtVerify(token, createPublicKey(rsa.publicKeyPem), {
        audience: 'harbor-registry',
      });
      expect(payload.iss).toBe('harbor-token-issuer');
    } finally {
      await core.close();
    }
  });
});
