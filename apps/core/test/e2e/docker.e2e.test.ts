import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { api, type Credentials } from '../support/harbor-client.js';
import { DockerCli } from './docker-cli.js';
import { dockerInstalled, startDockerEngine, type DockerEngine } from './docker-engine.js';
import { OciLayout } from './oci-layout.js';

const exec = promisify(execFile);
const ADMIN = { username: 'admin', password: 'Harbor12345' };
const DEV = { username: 'e2edev', password: 'Dev12345678' };
const GUEST = { username: 'e2eguest', password: 'Guest12345678' };
const OUTSIDER = { username: 'e2eout', password: 'Out12345678' };

interface Artifact {
  digest: string;
  size: number;
  type: string;
  tags: { name: string }[] | null;
  references: { child_digest: string; platform: { architecture: string } }[] | null;
}

/** docker, skopeo, nginx, core, registry, postgres and redis: the whole stack, as users run it. */
// Skipped only on a developer machine without docker; under CI a missing tool must fail.
describe.skipIf(!dockerInstalled() && !process.env.CI)(
  'docker and skopeo through nginx on the native stack',
  () => {
    let stack: NativeStack;
    let engine: DockerEngine;
    let host: string;
    const layout = new OciLayout();
    let cli: DockerCli;
    const docker = (user: string, ...args: string[]) => cli.run(user, ...args);
    const loginWith = (who: Credentials) => cli.login(who);
    const pushedDigest = (out: string) => /digest: (sha256:[0-9a-f]{64})/.exec(out)?.[1];

    beforeAll(async () => {
      [stack, engine] = await Promise.all([startNativeStack(), startDockerEngine()]);
      host = stack.registryHost;
      cli = new DockerCli(engine, host);
      for (const user of [DEV, GUEST, OUTSIDER]) {
        const created = await api(stack.url, 'POST', '/users', {
          as: ADMIN,
          body: { ...user, email: `${user.username}@example.com`, realname: user.username },
        });
        expect(created.status).toBe(201);
      }
      expect(
        (
          await api(stack.url, 'POST', '/projects', {
            as: ADMIN,
            body: { project_name: 'e2epriv', metadata: { public: 'false' } },
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await api(stack.url, 'POST', '/projects', {
            as: ADMIN,
            body: { project_name: 'e2epub', metadata: { public: 'true' } },
          })
        ).status,
      ).toBe(201);
      for (const [user, role] of [
        [DEV, 2],
        [GUEST, 3],
      ] as const) {
        const member = await api(stack.url, 'POST', '/projects/e2epriv/members', {
          as: ADMIN,
          body: { role_id: role, member_user: { username: user.username } },
        });
        expect(member.status).toBe(201);
      }
      // A two-layer image (busybox, then a file) loaded into the engine through skopeo.
      const base = layout.layer({ 'bin/busybox': { copyFrom: '/bin/busybox' } });
      const top = layout.layer({ 'hello.txt': 'hello from harbor-ts\n' });
      layout.tag(layout.image([base, top]), 'app');
      const amd = layout.image([base], { architecture: 'amd64', os: 'linux' });
      const arm = layout.image([layout.layer({ 'arch.txt': 'arm64\n' })], {
        architecture: 'arm64',
        os: 'linux',
      });
      layout.tag(layout.index([amd, arm]), 'multi');
      await exec('skopeo', [
        'copy',
        '--dest-daemon-host',
        engine.host,
        `oci:${layout.dir}:app`,
        `docker-daemon:${host}/e2epriv/app:v1`,
      ]);
    }, 180_000);

    afterAll(async () => {
      await stack?.stop();
      await engine?.stop();
    }, 60_000);

    it('logs in as admin', async () => {
      expect(await loginWith(ADMIN)).toContain('Login Succeeded');
    });

    let appDigest: string | undefined;
    it('pushes a multi-layer image as a developer, then pulls it back with the same digest', async () => {
      expect(await loginWith(DEV)).toContain('Login Succeeded');
      const push = await docker(DEV.username, 'push', `${host}/e2epriv/app:v1`);
      expect(push.out).toMatch(/digest: sha256:/);
      appDigest = pushedDigest(push.out);
      expect((await docker(DEV.username, 'rmi', `${host}/e2epriv/app:v1`)).ok).toBe(true);
      const pull = await docker(DEV.username, 'pull', `${host}/e2epriv/app:v1`);
      expect(pull.out).toContain(`Digest: ${appDigest}`);
      const inspect = await docker(
        DEV.username,
        'image',
        'inspect',
        '--format',
        '{{json .RootFS.Layers}}',
        `${host}/e2epriv/app:v1`,
      );
      expect(JSON.parse(inspect.out.trim())).toHaveLength(2);
    });

    it('lets a guest pull but not push', async () => {
      expect(await loginWith(GUEST)).toContain('Login Succeeded');
      expect((await docker(GUEST.username, 'pull', `${host}/e2epriv/app:v1`)).out).toContain(appDigest);
      await docker(GUEST.username, 'tag', `${host}/e2epriv/app:v1`, `${host}/e2epriv/guest:v1`);
      const push = await docker(GUEST.username, 'push', `${host}/e2epriv/guest:v1`);
      expect(push.ok).toBe(false);
      expect(push.out).toMatch(/denied|unauthorized/);
    });

    it('denies non-members and anonymous users the private project, and serves them the public one', async () => {
      await docker(ADMIN.username, 'tag', `${host}/e2epriv/app:v1`, `${host}/e2epub/app:v1`);
      expect((await docker(ADMIN.username, 'push', `${host}/e2epub/app:v1`)).ok).toBe(true);
      expect(await loginWith(OUTSIDER)).toContain('Login Succeeded');
      for (const user of [OUTSIDER.username, 'anonymous']) {
        await docker(user, 'rmi', '-f', `${host}/e2epub/app:v1`);
        const denied = await docker(user, 'pull', `${host}/e2epriv/app:v1`);
        expect(denied.ok).toBe(false);
        expect(denied.out).toMatch(/denied|unauthorized|not found/);
        const allowed = await docker(user, 'pull', `${host}/e2epub/app:v1`);
        expect(allowed.out).toContain(appDigest);
      }
    });

    it('lets a project robot push with its secret, and nowhere else', async () => {
      const robot = await api<{ name: string; secret: string }>(stack.url, 'POST', '/robots', {
        as: ADMIN,
        body: {
          name: 'ci',
          level: 'project',
          duration: -1,
          permissions: [
            {
              kind: 'project',
              namespace: 'e2epriv',
              access: [
                { resource: 'repository', action: 'pull' },
                { resource: 'repository', action: 'push' },
              ],
            },
          ],
        },
      });
      expect(robot.status).toBe(201);
      const credentials = { username: robot.body.name, password: robot.body.secret };
      expect(await loginWith(credentials)).toContain('Login Succeeded');
      await docker(credentials.username, 'tag', `${host}/e2epriv/app:v1`, `${host}/e2epriv/robot:v1`);
      expect((await docker(credentials.username, 'push', `${host}/e2epriv/robot:v1`)).ok).toBe(true);
      await docker(credentials.username, 'tag', `${host}/e2epriv/app:v1`, `${host}/e2epub/robot:v1`);
      const elsewhere = await docker(credentials.username, 'push', `${host}/e2epub/robot:v1`);
      expect(elsewhere.ok).toBe(false);
    });

    it('copies a multi-arch index with skopeo and records its children', async () => {
      await exec('skopeo', [
        'copy',
        '--all',
        '--dest-tls-verify=false',
        '--dest-creds',
        `${DEV.username}:${DEV.password}`,
        `oci:${layout.dir}:multi`,
        `docker://${host}/e2epriv/multi:v1`,
      ]);
      const inspect = await exec('skopeo', [
        'inspect',
        '--raw',
        '--tls-verify=false',
        '--creds',
        `${GUEST.username}:${GUEST.password}`,
        `docker://${host}/e2epriv/multi:v1`,
      ]);
      expect(JSON.parse(inspect.stdout).manifests).toHaveLength(2);
      const artifacts = await api<Artifact[]>(
        stack.url,
        'GET',
        '/projects/e2epriv/repositories/multi/artifacts',
        { as: DEV },
      );
      const index = artifacts.body.find((a) => a.tags?.some((t) => t.name === 'v1'));
      expect(index?.references?.map((r) => r.platform.architecture).sort()).toEqual(['amd64', 'arm64']);
    });

    it('shows what was pushed through the API, with tags and sizes', async () => {
      const repositories = await api<{ name: string; artifact_count: number }[]>(
        stack.url,
        'GET',
        '/projects/e2epriv/repositories',
        { as: GUEST },
      );
      expect(repositories.status).toBe(200);
      expect(repositories.body.map((r) => r.name).sort()).toEqual([
        'e2epriv/app',
        'e2epriv/multi',
        'e2epriv/robot',
      ]);
      const artifacts = await api<Artifact[]>(
        stack.url,
        'GET',
        '/projects/e2epriv/repositories/app/artifacts',
        { as: GUEST },
      );
      expect(artifacts.body).toHaveLength(1);
      expect(artifacts.body[0]).toMatchObject({
        digest: appDigest,
        type: 'IMAGE',
        tags: [expect.objectContaining({ name: 'v1' })],
      });
      expect(artifacts.body[0]?.size).toBeGreaterThan(1_000_000); // busybox is in the first layer
      expect((await api(stack.url, 'GET', '/projects/e2epriv/repositories', { as: OUTSIDER })).status).toBe(
        403,
      );
    });
  },
);
