import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { SecretBox } from '@harbor-ts/outbound';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { writeTokenKey } from './support/registry-fixtures.js';
import { RegistryHealthMonitor } from '../src/registries/registry-health-monitor.js';
import { distributionInstalled, startDistribution, type Distribution } from './registries-distribution.js';

const LOGIN = { username: 'replicator', password: 'S3cret-remote-pw' };

// Skipped only on a developer machine without docker-registry; under CI a missing tool must fail.
describe.skipIf(!distributionInstalled && !process.env.CI)(
  'registries (/registries, /replication/adapters)',
  () => {
    let core: CoreTestApp;
    let db: DataSource;
    let remote: Distribution;
    let twin: Distribution;
    let open: Distribution;
    let tokenRemote: Distribution;
    let user: Credentials;
    let projectAdmin: Credentials;
    let robot: Credentials;

    // `null` calls anonymously.
    const call = (method: string, path: string, body?: unknown, as: Credentials | null = ADMIN) =>
      api(core.baseUrl, method, path, { as: as ?? undefined, body });
    const remoteBody = (name: string, url = remote.url, secret = LOGIN.password) => ({
      name,
      url,
      type: 'docker-registry',
      insecure: false,
      description: 'site B',
      credential: { type: 'basic', access_key: LOGIN.username, access_secret: secret },
    });
    const rowCount = async () =>
      ((await db.query('SELECT count(*)::int AS n FROM registry')) as { n: number }[])[0]!.n;

    beforeAll(async () => {
      const key = writeTokenKey();
      execFileSync('openssl', [
        'req',
        '-x509',
        '-new',
        '-key',
        key.privateKeyFile,
        '-subj',
        '/CN=harbor-token-issuer',
        '-days',
        '1',
        '-out',
        key.certificateFile,
      ]);
      core = await startCore({
        token: { privateKeyFile: key.privateKeyFile, certificateFile: key.certificateFile },
      });
      db = core.app.get(DataSource);
      [remote, twin, open, tokenRemote] = await Promise.all([
        startDistribution(LOGIN),
        startDistribution(LOGIN),
        startDistribution(),
        startDistribution(undefined, {
          realm: `${core.baseUrl}/service/token`,
          certificateFile: key.certificateFile,
        }),
      ]);
      user = await createUser(core.baseUrl, 'plainuser');
      projectAdmin = await createUser(core.baseUrl, 'projadmin');
      const projectId = await createProject(core.baseUrl, 'regs');
      await addMember(core.baseUrl, projectId, 'projadmin', 1);
      const projectRobot = await call('POST', '/robots', {
        name: 'puller',
        level: 'project',
        duration: -1,
        permissions: [
          { kind: 'project', namespace: 'regs', access: [{ resource: 'repository', action: 'pull' }] },
        ],
      });
      expect(projectRobot.status, JSON.stringify(projectRobot.body)).toBe(201);
      robot = { username: projectRobot.body.name, password: projectRobot.body.secret };
    }, 60_000);
    afterAll(async () => {
      await Promise.all([remote?.stop(), twin?.stop(), open?.stop(), tokenRemote?.stop()]);
      await core?.close();
    });

    it('creates a registry after checking it with its credentials; the secret is sealed and never returned', async () => {
      const created = await call('POST', '/registries', remoteBody('site-b'));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = Number(created.headers.get('location')!.split('/').pop());
      expect(created.headers.get('location')).toBe(`/api/v2.0/registries/${id}`);

      const got = await call('GET', `/registries/${id}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        id,
        name: 'site-b',
        url: remote.url,
        type: 'docker-registry',
        insecure: false,
        description: 'site B',
        status: 'healthy',
        credential: { type: 'basic', access_key: LOGIN.username, access_secret: '*****' },
      });
      const listed = await call('GET', '/registries?q=name%3D~site');
      expect(listed.headers.get('x-total-count')).toBe('1');
      expect(listed.body.map((r: { name: string }) => r.name)).toEqual(['site-b']);
      for (const body of [got.body, listed.body]) expect(JSON.stringify(body)).not.toContain(LOGIN.password);

      const [row] = (await db.query('SELECT access_secret FROM registry WHERE id = $1', [id])) as {
        access_secret: string;
      }[];
      expect(row!.access_secret).not.toContain(LOGIN.password);
      expect(new SecretBox(core.config.secrets.secretKey).open(row!.access_secret)).toBe(LOGIN.password);
    });

    it('refuses an unhealthy registry, bad URLs and duplicate names, storing nothing', async () => {
      const before = await rowCount();
      const cases: [unknown, number, string][] = [
        [remoteBody('wrong-pw', remote.url, 'not-the-password'), 400, 'the registry is unhealthy'],
        [{ ...remoteBody('no-cred'), credential: undefined }, 400, 'the registry is unhealthy'],
        [remoteBody('ftp', 'ftp://127.0.0.1:21'), 400, 'invalid HTTP scheme ftp'],
        [
          remoteBody('userinfo', `http://me:pw@${remote.url.slice(7)}`),
          400,
          'credentials must not be part of the URL',
        ],
        [remoteBody('metadata', 'http://169.254.169.254'), 400, 'not an allowed address'],
        [{ ...remoteBody('weird'), type: 'nonsense' }, 400, 'adapter factory for nonsense not found'],
        [remoteBody(''), 400, 'name cannot be empty'],
        [remoteBody('x'.repeat(65)), 400, 'the max length of name is 64'],
        [remoteBody('site-b'), 409, 'registry site-b already exists'],
      ];
      for (const [body, status, message] of cases) {
        const res = await call('POST', '/registries', body);
        expect(res.status, message).toBe(status);
        expect(res.body.errors[0].message, message).toContain(message);
      }
      expect(await rowCount()).toBe(before);
    });

    it('pings settings, or a stored registry with its saved URL and secret', async () => {
      const settings = { type: 'docker-registry', url: remote.url, access_key: LOGIN.username };
      expect(
        (await call('POST', '/registries/ping', { ...settings, access_secret: LOGIN.password })).status,
      ).toBe(200);
      const anonymous = await call('POST', '/registries/ping', { type: 'docker-registry', url: open.url });
      expect(anonymous.status).toBe(200);
      const wrong = await call('POST', '/registries/ping', { ...settings, access_secret: 'wrong' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors[0]).toEqual({ code: 'BAD_REQUEST', message: 'the registry is unhealthy' });

      const [{ id }] = (await call('GET', '/registries?name=site-b')).body;
      expect((await call('POST', '/registries/ping', { id })).status).toBe(200);
      // A stored registry's URL is authoritative: its secret is never sent where the body points.
      expect((await call('POST', '/registries/ping', { id, url: 'http://127.0.0.1:1' })).status).toBe(200);
      expect((await call('POST', '/registries/ping', { id: 987654 })).status).toBe(404);
      const empty = await call('POST', '/registries/ping', {});
      expect(empty.status).toBe(400);
      expect(empty.body.errors[0].message).toBe('type or url cannot be empty');
      const metadata = await call('POST', '/registries/ping', {
        type: 'docker-registry',
        url: 'http://169.254.169.254',
      });
      expect(metadata.status).toBe(400);
    });

    it('keeps the stored secret on an update without one, and drops it when the URL moves without one', async () => {
      const created = await call('POST', '/registries', remoteBody('movable'));
      const id = Number(created.headers.get('location')!.split('/').pop());
      const renamed = await call('PUT', `/registries/${id}`, { name: 'moved', description: 'renamed' });
      expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
      expect((await call('GET', `/registries/${id}`)).body).toMatchObject({
        name: 'moved',
        description: 'renamed',
        credential: { access_secret: '*****' },
      });
      // The twin takes the same login, but a new URL without a secret means the old secret is not sent.
      const moved = await call('PUT', `/registries/${id}`, { url: twin.url });
      expect(moved.status).toBe(400);
      expect(moved.body.errors[0].message).toBe('the registry is unhealthy');
      expect((await call('GET', `/registries/${id}`)).body.url).toBe(remote.url);
      const withSecret = await call('PUT', `/registries/${id}`, {
        url: twin.url,
        access_secret: LOGIN.password,
      });
      expect(withSecret.status).toBe(200);
      expect((await call('GET', `/registries/${id}`)).body.url).toBe(twin.url);
      expect((await call('PUT', `/registries/${id}`, { name: 'site-b' })).status).toBe(409);
      expect((await call('PUT', '/registries/987654', { name: 'x' })).status).toBe(404);
    });

    it('checks a harbor-type remote through the Bearer token service its challenge names', async () => {
      const harbor = {
        name: 'harbor-site',
        url: tokenRemote.url,
        type: 'harbor',
        credential: { access_key: 'admin', access_secret: 'Harbor12345' },
      };
      const created = await call('POST', '/registries', harbor);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const flat = { type: 'harbor', url: tokenRemote.url, access_key: 'admin' };
      expect((await call('POST', '/registries/ping', { ...flat, access_secret: 'nope' })).status).toBe(400);
      // Without a login the token service grants an anonymous token, which opens `/v2/` (Docker Hub's case).
      expect((await call('POST', '/registries/ping', { type: 'harbor', url: tokenRemote.url })).status).toBe(
        200,
      );
      const id = Number(created.headers.get('location')!.split('/').pop());
      const info = await call('GET', `/registries/${id}/info`);
      expect(info.status).toBe(200);
      expect(info.body).toMatchObject({
        type: 'harbor',
        supported_triggers: ['manual', 'scheduled'],
        supported_copy_by_chunk: true,
      });
      expect(info.body.supported_resource_filters.map((f: { type: string }) => f.type)).toEqual([
        'name',
        'tag',
        'label',
        'resource',
      ]);
      const plain = (await call('GET', '/registries?name=site-b')).body[0];
      const plainInfo = await call('GET', `/registries/${plain.id}/info`);
      expect(plainInfo.body).toEqual({
        type: 'docker-registry',
        supported_resource_filters: [
          { type: 'name', style: 'input' },
          { type: 'tag', style: 'input' },
          { type: 'resource', style: 'radio', values: ['image'] },
        ],
        supported_triggers: ['manual', 'scheduled'],
      });
    });

    it('trusts a registry behind a private CA through its ca_certificate, and nothing else with it', async () => {
      const tls = await startDistribution(LOGIN, undefined, { tls: true });
      try {
        const body = { ...remoteBody('private-ca', tls.url), insecure: false };
        // The system's trust store does not know the private CA: unhealthy, nothing stored.
        const untrusted = await call('POST', '/registries', body);
        expect(untrusted.status).toBe(400);
        expect(untrusted.body).toEqual({
          errors: [{ code: 'BAD_REQUEST', message: 'the registry is unhealthy' }],
        });
        const pinged = await call('POST', '/registries/ping', {
          type: 'docker-registry',
          url: tls.url,
          access_key: LOGIN.username,
          access_secret: LOGIN.password,
          ca_certificate: tls.caCertificate,
        });
        expect(pinged.status, JSON.stringify(pinged.body)).toBe(200);
        const created = await call('POST', '/registries', { ...body, ca_certificate: tls.caCertificate });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const id = Number(created.headers.get('location')!.split('/').pop());
        const got = await call('GET', `/registries/${id}`);
        expect(got.body).toMatchObject({ url: tls.url, insecure: false, ca_certificate: tls.caCertificate });
        // An update that leaves the certificate out keeps it (the health check passes again).
        expect((await call('PUT', `/registries/${id}`, { description: 'renamed' })).status).toBe(200);
        // The CA is that registry's only: an unsaved ping of the same URL without it still fails.
        const other = await call('POST', '/registries/ping', { type: 'docker-registry', url: tls.url });
        expect(other.status).toBe(400);
        expect((await call('DELETE', `/registries/${id}`)).status).toBe(200);
      } finally {
        await tls.stop();
      }
    });

    it('marks a registry unhealthy when it goes down and healthy when it is back (regular health check)', async () => {
      const created = await call('POST', '/registries', remoteBody('watched', twin.url));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = Number(created.headers.get('location')!.split('/').pop());
      const status = async () => ((await call('GET', `/registries/${id}`)).body as { status: string }).status;
      const monitor = core.app.get(RegistryHealthMonitor);
      await twin.kill();
      try {
        await monitor.checkAll();
        expect(await status()).toBe('unhealthy');
      } finally {
        await twin.restart();
      }
      await monitor.checkAll();
      expect(await status()).toBe('healthy');
      expect((await call('DELETE', `/registries/${id}`)).status).toBe(200);
    });

    it('lists the provider types and their endpoint and credential patterns', async () => {
      const types = await call('GET', '/replication/adapters');
      expect(types.body).toEqual(
        expect.arrayContaining([
          'harbor',
          'docker-registry',
          'docker-hub',
          'ali-acr',
          'github-ghcr',
          'quay',
          'gitlab',
        ]),
      );
      const infos = await call('GET', '/replication/adapterinfos');
      expect(infos.body['docker-hub']).toEqual({
        endpoint_pattern: {
          endpoint_type: 'EndpointPatternTypeFix',
          endpoints: [{ key: 'hub.docker.com', value: 'https://hub.docker.com' }],
        },
      });
      expect(infos.body['ali-acr'].endpoint_pattern.endpoints).toContainEqual({
        key: 'cn-hangzhou',
        value: 'https://registry.cn-hangzhou.aliyuncs.com',
      });
      expect(infos.body.quay.credential_pattern.access_secret_type).toBe('AccessSecretTypeFile');
      expect(infos.body.harbor).toBeUndefined();
    });

    it('refuses to delete a registry a replication policy or a proxy-cache project uses (412)', async () => {
      const created = await call('POST', '/registries', remoteBody('in-use'));
      const id = Number(created.headers.get('location')!.split('/').pop());
      const policy = await call('POST', '/replication/policies', {
        name: 'pull-from-in-use',
        src_registry: { id },
        trigger: { type: 'manual' },
        enabled: true,
      });
      expect(policy.status, JSON.stringify(policy.body)).toBe(201);
      const refused = await call('DELETE', `/registries/${id}`);
      expect(refused.status).toBe(412);
      expect(refused.body.errors[0].message).toBe(
        `the registry ${id} is referenced by replication policies, cannot delete it`,
      );
      await call('DELETE', policy.headers.get('location')!.replace('/api/v2.0', ''));
      const proxyId = await createProject(core.baseUrl, 'proxy-like');
      await db.query('UPDATE project SET registry_id = $1 WHERE project_id = $2', [id, proxyId]);
      const proxied = await call('DELETE', `/registries/${id}`);
      expect(proxied.status).toBe(412);
      expect(proxied.body.errors[0].message).toBe(
        `the registry ${id} is referenced by proxy cache project, cannot delete it`,
      );
      await db.query('UPDATE project SET registry_id = 0 WHERE project_id = $1', [proxyId]);
      expect((await call('DELETE', `/registries/${id}`)).status).toBe(200);
      expect((await call('GET', `/registries/${id}`)).status).toBe(404);
      expect((await call('DELETE', `/registries/${id}`)).status).toBe(404);
    });

    it('is for system admins only: users, project admins and project robots get 403, anonymous 401', async () => {
      const [{ id }] = (await call('GET', '/registries?name=site-b')).body;
      const routes: [string, string, unknown?][] = [
        ['GET', '/registries'],
        ['POST', '/registries', remoteBody('nope')],
        ['POST', '/registries/ping', { type: 'docker-registry', url: open.url }],
        ['GET', `/registries/${id}`],
        ['PUT', `/registries/${id}`, { description: 'x' }],
        ['DELETE', `/registries/${id}`],
        ['GET', `/registries/${id}/info`],
        ['GET', '/replication/adapters'],
        ['GET', '/replication/adapterinfos'],
      ];
      for (const [method, path, body] of routes) {
        expect((await call(method, path, body, null)).status, `anonymous ${method} ${path}`).toBe(401);
        for (const [who, as] of [
          ['user', user],
          ['project admin', projectAdmin],
          ['project robot', robot],
        ] as const)
          expect((await call(method, path, body, as)).status, `${who} ${method} ${path}`).toBe(403);
      }
      expect((await call('GET', `/registries/${id}`)).body.description).toBe('site B');
    });

    it('lets a system robot do exactly what its registry and replication-adapter permissions allow', async () => {
      const systemRobot = async (name: string, access: { resource: string; action: string }[]) => {
        const created = await call('POST', '/robots', {
          name,
          level: 'system',
          duration: -1,
          permissions: [{ kind: 'system', namespace: '/', access }],
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const shown = await call('GET', `/robots/${created.body.id}`);
        expect(shown.body.permissions[0].access.map((a: { resource: string }) => a.resource)).toContain(
          access[0]!.resource,
        );
        return { username: created.body.name as string, password: created.body.secret as string };
      };
      const registryAdmin = await systemRobot(
        'registry-admin',
        ['create', 'read', 'update', 'delete', 'list'].map((action) => ({ resource: 'registry', action })),
      );
      const reader = await systemRobot('registry-reader', [
        { resource: 'registry', action: 'read' },
        { resource: 'registry', action: 'list' },
        { resource: 'replication-adapter', action: 'list' },
      ]);

      // Full registry rights: the whole lifecycle works, but not the adapter lists it was not given.
      const created = await call('POST', '/registries', remoteBody('by-robot'), registryAdmin);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const path = created.headers.get('location')!.replace('/api/v2.0', '');
      expect((await call('GET', '/registries?name=by-robot', undefined, registryAdmin)).body).toHaveLength(1);
      expect((await call('PUT', path, { description: 'robot made' }, registryAdmin)).status).toBe(200);
      expect((await call('GET', `${path}/info`, undefined, registryAdmin)).status).toBe(200);
      expect(
        (await call('POST', '/registries/ping', { id: Number(path.split('/').pop()) }, registryAdmin)).status,
      ).toBe(200);
      expect((await call('GET', '/replication/adapters', undefined, registryAdmin)).status).toBe(403);

      // Read and list only: reads pass, every write is refused and changes nothing.
      expect((await call('GET', path, undefined, reader)).body.description).toBe('robot made');
      expect((await call('GET', '/registries', undefined, reader)).status).toBe(200);
      expect((await call('GET', '/replication/adapters', undefined, reader)).status).toBe(200);
      expect((await call('GET', '/replication/adapterinfos', undefined, reader)).status).toBe(200);
      expect((await call('POST', '/registries', remoteBody('by-reader'), reader)).status).toBe(403);
      expect((await call('PUT', path, { description: 'reader made' }, reader)).status).toBe(403);
      expect((await call('DELETE', path, undefined, reader)).status).toBe(403);
      expect((await call('GET', path)).body.description).toBe('robot made');

      expect((await call('DELETE', path, undefined, registryAdmin)).status).toBe(200);
      expect((await call('GET', path)).status).toBe(404);
    });
  },
);
