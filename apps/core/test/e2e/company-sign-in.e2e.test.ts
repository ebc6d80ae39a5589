import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startNativeStack,
  startOidcProvider,
  startSlapd,
  type NativeStack,
  type OidcTestProvider,
  type SlapdProcess,
} from '@harbor-ts/testing';
import { ADMIN, api } from '../support/harbor-client.js';
import { CookieJar, callback, signInAtProvider, startLogin } from '../support/oidc-browser.js';
import { DockerCli } from './docker-cli.js';
import { dockerInstalled, startDockerEngine, type DockerEngine } from './docker-engine.js';
import { OciLayout } from './oci-layout.js';

const exec = promisify(execFile);

/** One small image in the engine, tagged for `repository` on the stack. */
async function loadImage(engine: DockerEngine, reference: string) {
  const layout = new OciLayout();
  layout.tag(layout.image([layout.layer({ 'hello.txt': `hello from ${reference}\n` })]), 'app');
  await exec('skopeo', [
    'copy',
    '--dest-daemon-host',
    engine.host,
    `oci:${layout.dir}:app`,
    `docker-daemon:${reference}`,
  ]);
}

// Skipped only on a developer machine without docker; under CI a missing tool must fail.
describe.skipIf(!dockerInstalled() && !process.env.CI)(
  'company sign-in with docker login, as a new user tries it',
  () => {
    let engine: DockerEngine;
    beforeAll(async () => {
      engine = await startDockerEngine();
    }, 60_000);
    afterAll(async () => {
      await engine?.stop();
    });

    describe('LDAP: a directory user pushes into the project their group belongs to', () => {
      let stack: NativeStack;
      let slapd: SlapdProcess;
      let cli: DockerCli;
      const ALICE = { username: 'alice', password: 'alice-directory-pw' };
      const BOB = { username: 'bob', password: 'bob-directory-pw' };

      beforeAll(async () => {
        [stack, slapd] = await Promise.all([
          startNativeStack(),
          startSlapd(
            [
              { uid: 'alice', cn: 'Alice Liddell', mail: 'alice@example.com', password: ALICE.password },
              { uid: 'bob', cn: 'Bob Builder', password: BOB.password },
            ],
            [{ cn: 'developers', members: ['alice'] }],
          ),
        ]);
        cli = new DockerCli(engine, stack.registryHost);
      }, 180_000);
      afterAll(async () => {
        await stack?.stop();
        await slapd?.stop();
      }, 60_000);

      it('configures LDAP, tests it, and gives the directory group a project', async () => {
        const settings = {
          ldap_url: slapd.url,
          ldap_search_dn: slapd.admin.dn,
          ldap_search_password: slapd.admin.password,
          ldap_base_dn: slapd.peopleDn,
          ldap_uid: 'uid',
          ldap_group_base_dn: slapd.groupsDn,
          ldap_group_search_filter: '(objectClass=groupOfNames)',
          ldap_group_membership_attribute: 'memberOf',
        };
        const ping = await api(stack.url, 'POST', '/ldap/ping', { as: ADMIN, body: settings });
        expect(ping.body).toEqual({ success: true });
        const saved = await api(stack.url, 'PUT', '/configurations', {
          as: ADMIN,
          body: { auth_mode: 'ldap_auth', ...settings },
        });
        expect(saved.status).toBe(200);
        const project = await api(stack.url, 'POST', '/projects', {
          as: ADMIN,
          body: { project_name: 'ldapteam', metadata: { public: 'false' } },
        });
        expect(project.status).toBe(201);
        const member = await api(stack.url, 'POST', '/projects/ldapteam/members', {
          as: ADMIN,
          body: { role_id: 2, member_group: { ldap_group_dn: slapd.groupDn('developers') } },
        });
        expect(member.status).toBe(201);
      });

      it('lets alice docker login with her directory password and push', async () => {
        expect(await cli.login({ ...ALICE, password: 'wrong' })).not.toContain('Login Succeeded');
        expect(await cli.login(ALICE)).toContain('Login Succeeded');
        const reference = `${stack.registryHost}/ldapteam/app:v1`;
        await loadImage(engine, reference);
        const push = await cli.run('alice', 'push', reference);
        expect(push.out).toMatch(/digest: sha256:/);
        const artifacts = await api(stack.url, 'GET', '/projects/ldapteam/repositories/app/artifacts', {
          as: ADMIN,
        });
        expect(artifacts.body).toHaveLength(1);
      });

      it('refuses bob, who is in the directory but not in the group', async () => {
        expect(await cli.login(BOB)).toContain('Login Succeeded');
        const reference = `${stack.registryHost}/ldapteam/bob:v1`;
        await loadImage(engine, reference);
        const push = await cli.run('bob', 'push', reference);
        expect(push.ok).toBe(false);
        expect(push.out).toMatch(/denied|unauthorized/);
      });
    });

    describe('OIDC: a provider user signs in once, then docker logs in with the CLI secret', () => {
      let stack: NativeStack;
      let provider: OidcTestProvider;
      let cli: DockerCli;
      const DANA = { username: 'dana', password: 'dana-provider-pw' };

      beforeAll(async () => {
        stack = await startNativeStack();
        provider = await startOidcProvider({
          users: [{ sub: 'sub-dana', username: 'dana', password: DANA.password, groups: ['devs'] }],
          redirectUris: [`${stack.url}/c/oidc/callback`],
        });
        cli = new DockerCli(engine, stack.registryHost);
        const saved = await api(stack.url, 'PUT', '/configurations', {
          as: ADMIN,
          body: {
            auth_mode: 'oidc_auth',
            oidc_name: 'Company SSO',
            oidc_endpoint: provider.issuer,
            oidc_client_id: provider.clientId,
            oidc_client_secret: provider.clientSecret,
            oidc_scope: 'openid,profile,email,groups',
            oidc_user_claim: 'preferred_username',
            oidc_groups_claim: 'groups',
            oidc_auto_onboard: true,
          },
        });
        expect(saved.status).toBe(200);
        await api(stack.url, 'POST', '/projects', {
          as: ADMIN,
          body: { project_name: 'oidcteam', metadata: { public: 'false' } },
        });
        const member = await api(stack.url, 'POST', '/projects/oidcteam/members', {
          as: ADMIN,
          body: { role_id: 2, member_group: { group_name: 'devs', group_type: 3 } },
        });
        expect(member.status).toBe(201);
      }, 180_000);
      afterAll(async () => {
        await stack?.stop();
        await provider?.stop();
      }, 60_000);

      it('signs dana in through nginx and the provider, then pushes with her CLI secret', async () => {
        const jar = new CookieJar();
        const { providerUrl } = await startLogin(stack.url, jar);
        const signedIn = await callback(stack.url, jar, await signInAtProvider(providerUrl, DANA));
        expect(signedIn.status).toBe(302);
        const me = await fetch(`${stack.url}/api/v2.0/users/current`, { headers: { cookie: jar.header() } });
        const { oidc_user_meta: meta } = (await me.json()) as { oidc_user_meta: { secret: string } };
        expect(await cli.login({ username: 'dana', password: meta.secret })).toContain('Login Succeeded');
        const reference = `${stack.registryHost}/oidcteam/app:v1`;
        await loadImage(engine, reference);
        expect((await cli.run('dana', 'push', reference)).out).toMatch(/digest: sha256:/);
      });
    });
  },
);
