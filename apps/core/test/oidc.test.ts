import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '@harbor-ts/outbound';
import { startOidcProvider, type OidcTestProvider } from '@harbor-ts/testing';
import { ADMIN, api, basicAuth, login } from './support/harbor-client.js';
import { createProject } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { callback, CookieJar, signInAtProvider, startLogin } from './support/oidc-browser.js';

const DANA = { username: 'dana', password: 'dana-provider-pw' };
const ERIN = { username: 'erin', password: 'erin-provider-pw' };
const FRANK = { username: 'frank', password: 'frank-provider-pw' };

/** Core in oidc_auth mode against a real OpenID provider (oidc-provider), signing in as a browser would. */
describe('OIDC sign-in, onboarding, CLI secrets and ID tokens', () => {
  let provider: OidcTestProvider;
  let core: CoreTestApp;

  async function signIn(credentials: { username: string; password: string }, redirectUrl?: string) {
    const jar = new CookieJar();
    const { providerUrl } = await startLogin(core.baseUrl, jar, redirectUrl);
    const query = await signInAtProvider(providerUrl, credentials);
    return { jar, response: await callback(core.baseUrl, jar, query) };
  }

  // Tests read arbitrary JSON bodies; `any` keeps their assertions short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Json = any;

  async function current(jar: CookieJar) {
    const response = await fetch(`${core.baseUrl}/api/v2.0/users/current`, {
      headers: { cookie: jar.header() },
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  beforeAll(async () => {
    core = await startCore();
    provider = await startOidcProvider({
      users: [
        {
          sub: 'sub-dana',
          username: 'dana',
          password: DANA.password,
          email: 'dana@example.com',
          groups: ['devs', 'staff'],
        },
        { sub: 'sub-erin', username: 'erin', password: ERIN.password, groups: ['harbor-admins'] },
        { sub: 'sub-frank', username: 'frank', password: FRANK.password },
      ],
      redirectUris: [`${core.config.externalUrl}/c/oidc/callback`],
      postLogoutRedirectUris: [`${core.config.externalUrl}/account/sign-in`],
    });
  }, 60_000);
  afterAll(async () => {
    await core?.close();
    await provider?.stop();
  });

  it('refuses the OIDC endpoints until the mode is oidc_auth', async () => {
    const { response } = await startLogin(core.baseUrl, new CookieJar());
    expect(response.status).toBe(412);
  });

  it('tests the provider endpoint and saves the settings without ever returning the client secret', async () => {
    expect(
      (await api(core.baseUrl, 'POST', '/system/oidc/ping', { as: ADMIN, body: { url: provider.issuer } }))
        .status,
    ).toBe(200);
    const bad = await api(core.baseUrl, 'POST', '/system/oidc/ping', {
      as: ADMIN,
      body: { url: `${provider.issuer}/nothing-here` },
    });
    expect(bad.status).toBe(400);
    const metadata = await api(core.baseUrl, 'POST', '/system/oidc/ping', {
      as: ADMIN,
      body: { url: 'http://169.254.169.254' },
    });
    expect(metadata.status).toBe(400);
    const saved = await api(core.baseUrl, 'PUT', '/configurations', {
      as: ADMIN,
      body: {
        auth_mode: 'oidc_auth',
        oidc_name: 'Test provider',
        oidc_endpoint: provider.issuer,
        oidc_client_id: provider.clientId,
        oidc_client_secret: provider.clientSecret,
        oidc_scope: 'openid,email,profile,groups',
        oidc_user_claim: 'preferred_username',
        oidc_groups_claim: 'groups',
        oidc_admin_group: 'harbor-admins',
        oidc_group_filter: '^(devs|harbor-admins)$',
        oidc_auto_onboard: true,
        oidc_logout: true,
      },
    });
    expect(saved.status).toBe(200);
    const read = await api(core.baseUrl, 'GET', '/configurations', { as: ADMIN });
    expect(read.body.oidc_endpoint.value).toBe(provider.issuer);
    expect(read.body.oidc_client_secret).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain(provider.clientSecret);
    const info = await api(core.baseUrl, 'GET', '/systeminfo');
    expect(info.body).toMatchObject({ auth_mode: 'oidc_auth', oidc_provider_name: 'Test provider' });
  });

  it('refuses redirects to other sites', async () => {
    for (const target of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const { response } = await startLogin(core.baseUrl, new CookieJar(), target);
      expect(response.status, target).toBe(400);
      expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe(
        'cannot redirect to other site',
      );
    }
  });

  it('signs a user in through the provider, onboards them and returns to where they were going', async () => {
    const { jar, response } = await signIn(DANA, '/harbor/projects');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/harbor/projects');
    const me = await current(jar);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'dana',
      email: 'dana@example.com',
      comment: 'Onboarded via OIDC provider',
      sysadmin_flag: false,
      admin_role_in_auth: false,
      oidc_user_meta: { subiss: `sub-dana${provider.issuer}`, secret: expect.any(String) },
    });
    // groups through the filter only
    const groups = await api(core.baseUrl, 'GET', '/usergroups', { as: ADMIN });
    expect(groups.body.map((g: { group_name: string }) => g.group_name)).toEqual(['devs']);
    // the provider's admin group makes erin an admin
    const erin = await signIn(ERIN);
    expect((await current(erin.jar)).body).toMatchObject({ username: 'erin', admin_role_in_auth: true });
  });

  it('refuses a tampered state, a tampered nonce and a code from another sign-in', async () => {
    const jar = new CookieJar();
    const { providerUrl } = await startLogin(core.baseUrl, jar);
    const query = await signInAtProvider(providerUrl, DANA);
    query.set('state', `${query.get('state')}x`);
    const tampered = await callback(core.baseUrl, jar, query);
    expect(tampered.status).toBe(400);
    expect(jar.get('sid')).toBeUndefined();

    // The nonce changed on the way to the provider: the ID token then carries another nonce than core expects.
    const nonceJar = new CookieJar();
    const tamperedUrl = new URL((await startLogin(core.baseUrl, nonceJar)).providerUrl);
    tamperedUrl.searchParams.set('nonce', 'attacker-chosen-nonce');
    const nonceQuery = await signInAtProvider(tamperedUrl.toString(), DANA);
    const wrongNonce = await callback(core.baseUrl, nonceJar, nonceQuery);
    expect(wrongNonce.status).toBe(400);
    expect(((await wrongNonce.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(
      /nonce/,
    );
    expect(nonceJar.get('sid')).toBeUndefined();

    // Two sign-ins: the second one's code presented with the first one's cookie and state.
    const first = new CookieJar();
    const firstLogin = await startLogin(core.baseUrl, first);
    const firstState = new URL(firstLogin.providerUrl).searchParams.get('state')!;
    const second = new CookieJar();
    const secondQuery = await signInAtProvider((await startLogin(core.baseUrl, second)).providerUrl, DANA);
    secondQuery.set('state', firstState);
    const swapped = await callback(core.baseUrl, first, secondQuery);
    expect(swapped.status).toBe(400);
    expect(first.get('sid')).toBeUndefined();
  });

  it('lets docker and scripts sign in with the CLI secret, which the user can change', async () => {
    const { jar } = await signIn(DANA);
    const me = await current(jar);
    const secret = me.body.oidc_user_meta.secret as string;
    const withSecret = { username: 'dana', password: secret };
    expect((await api(core.baseUrl, 'GET', '/users/current', { as: withSecret })).status).toBe(200);
    const token = await fetch(`${core.baseUrl}/service/token?service=harbor-registry`, {
      headers: { authorization: basicAuth(withSecret) },
    });
    expect(token.status).toBe(200);
    expect(
      (await api(core.baseUrl, 'GET', '/users/current', { as: { ...withSecret, password: 'wrong' } })).status,
    ).toBe(401);
    // the CLI secret does not sign in to the portal; only the provider does
    expect((await login(core.baseUrl, withSecret)).response.status).toBe(401);

    const weak = await fetch(`${core.baseUrl}/api/v2.0/users/${me.body.user_id}/cli_secret`, {
      method: 'PUT',
      headers: {
        cookie: jar.header(),
        'content-type': 'application/json',
        'x-harbor-csrf-token': (
          await fetch(`${core.baseUrl}/api/v2.0/users/current`, { headers: { cookie: jar.header() } })
        ).headers.get('x-harbor-csrf-token')!,
      },
      body: JSON.stringify({ secret: 'short' }),
    });
    expect(weak.status).toBe(400);
    const changed = await api(core.baseUrl, 'PUT', `/users/${me.body.user_id}/cli_secret`, {
      as: withSecret,
      body: { secret: 'NewCliSecret123' },
    });
    expect(changed.status).toBe(200);
    expect((await api(core.baseUrl, 'GET', '/users/current', { as: withSecret })).status).toBe(401);
    expect(
      (
        await api(core.baseUrl, 'GET', '/users/current', {
          as: { username: 'dana', password: 'NewCliSecret123' },
        })
      ).status,
    ).toBe(200);
    // stored sealed
    const stored: { secret: string }[] = await core.app
      .get(DataSource)
      .query(`SELECT o.secret FROM oidc_user o JOIN harbor_user u USING (user_id) WHERE u.username = 'dana'`);
    expect(stored[0]!.secret).toMatch(/^v1:/);
    expect(stored[0]!.secret).not.toContain('NewCliSecret123');
  });

  it('accepts the provider ID token as a bearer token on the API', async () => {
    const rows: { token: string }[] = await core.app
      .get(DataSource)
      .query(`SELECT o.token FROM oidc_user o JOIN harbor_user u USING (user_id) WHERE u.username = 'dana'`);
    const { idToken } = JSON.parse(new SecretBox(core.config.secrets.secretKey).open(rows[0]!.token)) as {
      idToken: string;
    };
    const me = await fetch(`${core.baseUrl}/api/v2.0/users/current`, {
      headers: { authorization: `Bearer ${idToken}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).toBe('dana');
    const [header, payload, signature] = idToken.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    forged.sub = 'sub-erin';
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    const refused = await fetch(`${core.baseUrl}/api/v2.0/users/current`, {
      headers: { authorization: `Bearer ${tampered}` },
    });
    expect(refused.status).toBe(401);
  });

  it('gives the provider group its project role', async () => {
    const projectId = await createProject(core.baseUrl, 'oidc-team');
    const added = await api(core.baseUrl, 'POST', `/projects/${projectId}/members`, {
      as: ADMIN,
      body: { role_id: 2, member_group: { group_name: 'devs', group_type: 3 } },
    });
    expect(added.status).toBe(201);
    const dana = { username: 'dana', password: 'NewCliSecret123' };
    const projects = await api(core.baseUrl, 'GET', '/projects?name=oidc-team', { as: dana });
    expect(projects.body).toEqual([expect.objectContaining({ name: 'oidc-team', current_user_role_id: 2 })]);
  });

  it('asks for a username when auto onboarding is off', async () => {
    await api(core.baseUrl, 'PUT', '/configurations', { as: ADMIN, body: { oidc_auto_onboard: false } });
    const { jar, response } = await signIn(FRANK, '/harbor/projects');
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!, 'http://x');
    expect(location.pathname).toBe('/oidc-onboard');
    expect(location.searchParams.get('username')).toBe('frank');
    expect(jar.get('sid')).toBeUndefined();
    const record = `oidc_login=${jar.get('oidc_login')}`;
    // a taken username is refused, and the user may pick another
    const taken = await fetch(`${core.baseUrl}/c/oidc/onboard`, {
      method: 'POST',
      headers: { cookie: jar.header(), 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'dana' }),
    });
    expect(taken.status).toBe(409);
    const onboarded = await fetch(`${core.baseUrl}/c/oidc/onboard`, {
      method: 'POST',
      headers: { cookie: jar.header(), 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'frank-ts' }),
    });
    expect(onboarded.status).toBe(200);
    jar.take(onboarded);
    expect((await current(jar)).body.username).toBe('frank-ts');
    // the record is used up once a username was accepted
    const replay = await fetch(`${core.baseUrl}/c/oidc/onboard`, {
      method: 'POST',
      headers: { cookie: record, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'frank-again' }),
    });
    expect(replay.status).toBe(400);
  });

  it('signs out at the provider too when oidc_logout is on', async () => {
    const { jar } = await signIn(DANA);
    const response = await fetch(`${core.baseUrl}/c/oidc/logout`, {
      redirect: 'manual',
      headers: { cookie: jar.header() },
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin).toBe(provider.issuer);
    expect(location.searchParams.get('id_token_hint')).toBeTruthy();
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(
      `${core.config.externalUrl}/account/sign-in`,
    );
    jar.take(response);
    expect((await current(jar)).status).toBe(401);
  });
});
