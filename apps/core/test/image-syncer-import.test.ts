import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { distributionInstalled, startDistribution, type Distribution } from './registries-distribution.js';

const LOGIN = { username: 'syncer', password: 'S3cret-syncer-pw' };
// core-test-app's external URL: image-syncer lines naming it are this registry.
const LOCAL = 'harbor.test:8480';
const IMPORT = '/replication/imports/image-syncer';

// Skipped only on a developer machine without docker-registry; under CI a missing tool must fail.
describe.skipIf(!distributionInstalled && !process.env.CI)(
  'image-syncer import (/replication/imports)',
  () => {
    let core: CoreTestApp;
    let db: DataSource;
    let remote: Distribution;
    let user: Credentials;

    const call = (body: unknown, as: Credentials = ADMIN) => api(core.baseUrl, 'POST', IMPORT, { as, body });
    const count = async (table: string) =>
      ((await db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0]!.n;
    const authFile = () =>
      `${remote.host}:\n  username: ${LOGIN.username}\n  password: ${LOGIN.password}\n  insecure: true\n`;

    beforeAll(async () => {
      core = await startCore();
      db = core.app.get(DataSource);
      remote = await startDistribution(LOGIN);
      user = await createUser(core.baseUrl, 'syncuser');
    }, 60_000);
    afterAll(async () => {
      await remote?.stop();
      await core?.close();
    });

    it('only admins import', async () => {
      const refused = await call({ images: `${remote.host}/team/app: ${LOCAL}/mirror/app` }, user);
      expect(refused.status).toBe(403);
      expect(await count('registry')).toBe(0);
    });

    it('a dry run plans the registry and the policies and writes nothing', async () => {
      const planned = await call({
        images: `${remote.host}/team/app:v1,v2: ${LOCAL}/mirror/app\n${LOCAL}/lib/tool: ${remote.host}/backup/tool\n`,
        auth: authFile(),
        dry_run: true,
      });
      expect(planned.status, JSON.stringify(planned.body)).toBe(200);
      expect(planned.body).toMatchObject({
        registries: [{ url: remote.url, type: 'docker-registry', created: true }],
        policies: [{ direction: 'pull' }, { direction: 'push' }],
      });
      expect(JSON.stringify(planned.body)).not.toContain(LOGIN.password);
      expect(await count('registry')).toBe(0);
      expect(await count('replication_policy')).toBe(0);
    });

    it('imports pull and push policies that read as Harbor policies, with the credentials sealed', async () => {
      const imported = await call({
        images: `${remote.host}/team/app:v1,v2: ${LOCAL}/mirror/app\n${LOCAL}/lib/tool: ${remote.host}/backup/tool\n`,
        auth: authFile(),
        trigger: { type: 'scheduled', trigger_settings: { cron: '0 0 2 * * *' } },
      });
      expect(imported.status, JSON.stringify(imported.body)).toBe(201);
      const body = imported.body as { registries: { id: number }[]; policies: { id: number }[] };
      expect(body.registries).toHaveLength(1); // one registry for both lines: same host and user
      const registry = await api(core.baseUrl, 'GET', `/registries/${body.registries[0]!.id}`, { as: ADMIN });
      expect(registry.body).toMatchObject({
        url: remote.url, // insecure: https failed its ping, plain HTTP answered
        insecure: true,
        credential: { type: 'basic', access_key: LOGIN.username, access_secret: '*****' },
      });
      const [pull, push] = await Promise.all(
        body.policies.map(
          async (p) => (await api(core.baseUrl, 'GET', `/replication/policies/${p.id}`, { as: ADMIN })).body,
        ),
      );
      expect(pull).toMatchObject({
        src_registry: { id: body.registries[0]!.id },
        dest_registry: { id: 0 },
        dest_namespace: 'mirror',
        dest_namespace_replace_count: -1,
        filters: [
          { type: 'name', value: 'team/app' },
          { type: 'tag', value: '{v1,v2}' },
        ],
        trigger: { type: 'scheduled', trigger_settings: { cron: '0 0 2 * * *' } },
        override: true,
        enabled: true,
      });
      expect(push).toMatchObject({
        src_registry: { id: 0 },
        dest_registry: { id: body.registries[0]!.id },
        dest_namespace: 'backup',
        filters: [{ type: 'name', value: 'lib/tool' }],
      });
      const [stored] = (await db.query('SELECT access_secret FROM registry')) as { access_secret: string }[];
      expect(stored!.access_secret).not.toContain(LOGIN.password);
      const scheduled = (await db.query(
        `SELECT count(*)::int AS n FROM schedule WHERE vendor_type = 'REPLICATION' AND vendor_id = $1`,
        [body.policies[0]!.id],
      )) as { n: number }[];
      expect(scheduled[0]!.n).toBe(1);
    });

    it('importing the same file again changes nothing: 409, and the registry is reused', async () => {
      const again = await call({
        images: `${remote.host}/team/app:v1,v2: ${LOCAL}/mirror/app`,
        auth: authFile(),
      });
      expect(again.status).toBe(409);
      expect(await count('registry')).toBe(1);
      expect(await count('replication_policy')).toBe(2);
    });

    it('is all or nothing: a registry that does not answer undoes what the import had made', async () => {
      const down = await call({
        images: `${remote.host}/team/other: ${LOCAL}/mirror/other\n127.0.0.1:1/x/y: ${LOCAL}/mirror/y\n`,
        auth: `${authFile()}127.0.0.1:1:\n  insecure: true\n`,
      });
      expect(down.status).toBe(400);
      expect(JSON.stringify(down.body)).toContain('127.0.0.1:1: the registry is unhealthy');
      expect(await count('registry')).toBe(1);
      expect(await count('replication_policy')).toBe(2);
    });

    it("explains a line Harbor's policies cannot express", async () => {
      const renamed = await call({ images: `${remote.host}/team/app: ${LOCAL}/mirror/renamed` });
      expect(renamed.status).toBe(400);
      expect(renamed.body).toEqual({
        errors: [
          {
            code: 'BAD_REQUEST',
            message: `${remote.host}/team/app → ${LOCAL}/mirror/renamed: a policy keeps the repository's name, it cannot rename it`,
          },
        ],
      });
    });
  },
);
