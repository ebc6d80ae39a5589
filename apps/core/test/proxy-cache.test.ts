import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisConfig } from '@harbor-ts/testing';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { eventually } from './support/eventually.js';
import { OciClient, registryToken, sha256 } from './support/oci-client.js';
import { startRegistry, type RegistryProcess } from './support/registry-process.js';
import { writeTokenKey } from './support/registry-fixtures.js';
import { distributionInstalled, startDistribution, type Distribution } from './registries-distribution.js';

const LOGIN = { username: 'mirror', password: 'Mirror-Pass1' };
const ACCEPT = 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json';

describe.skipIf(!distributionInstalled && !process.env.CI)(
  'proxy cache projects in front of distribution (htpasswd)',
  () => {
    let core: CoreTestApp;
    let registry: RegistryProcess;
    let upstream: Distribution;
    let upstreamClient: OciClient;
    let registryId: number;
    let user: Credentials;

    const call = (method: string, path: string, body?: unknown, as: Credentials = ADMIN) =>
      api(core.baseUrl, method, path, { as, body });
    const puller = async (repository: string, as: Credentials = ADMIN) =>
      OciClient.bearer(
        core.baseUrl,
        await registryToken(core.baseUrl, [`repository:${repository}:pull,push`], as),
      );
    /** Pulls an image the way a client does: manifest by tag, then each blob; returns the bytes seen. */
    const pull = async (client: OciClient, repository: string, tag: string) => {
      const res = await client.fetch(`/v2/${repository}/manifests/${tag}`, { headers: { accept: ACCEPT } });
      if (res.status !== 200) return { status: res.status, text: await res.text() };
      const bytes = Buffer.from(await res.arrayBuffer());
      const manifest = JSON.parse(bytes.toString()) as {
        config: { digest: string };
        layers: { digest: string }[];
      };
      const blobs: Buffer[] = [];
      for (const { digest } of [manifest.config, ...manifest.layers]) {
        const blob = await client.fetch(`/v2/${repository}/blobs/${digest}`);
        expect(blob.status).toBe(200);
        blobs.push(Buffer.from(await blob.arrayBuffer()));
      }
      return { status: 200, digest: res.headers.get('docker-content-digest'), bytes, blobs };
    };

    beforeAll(async () => {
      const redis = testRedisConfig('proxycache');
      registry = await startRegistry(redis);
      const key = writeTokenKey();
      core = await startCore({
        redis,
        registry: registry.endpoint,
        registryEvents: registry.events,
        token: { privateKeyFile: key.privateKeyFile, certificateFile: key.certificateFile },
      });
      upstream = await startDistribution(LOGIN);
      upstreamClient = new OciClient(upstream.url, upstream.authorization);
      const created = await call('POST', '/registries', {
        name: 'upstream',
        url: upstream.url,
        type: 'docker-registry',
        insecure: false,
        credential: { type: 'basic', access_key: LOGIN.username, access_secret: LOGIN.password },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      registryId = Number(created.headers.get('location')!.split('/').pop());
      user = await createUser(core.baseUrl, 'proxyuser');
    }, 90_000);
    afterAll(async () => {
      await upstream?.stop();
      await core?.close();
      await registry?.stop();
    });

    it('creates a proxy project only for admins and registries Harbor allows, with its speed limit', async () => {
      const body = (name: string, extra: object = {}) => ({
        project_name: name,
        metadata: { public: 'false' },
        ...extra,
      });
      const byUser = await call('POST', '/projects', body('userproxy', { registry_id: registryId }), user);
      expect(byUser.status).toBe(403);
      expect(byUser.body.errors[0].message).toBe('Only system admin can create proxy cache project');
      const zero = await call('POST', '/projects', body('zero', { registry_id: 0 }));
      expect(zero.status).toBe(400);
      expect(zero.body.errors[0].message).toBe(
        '0 is invalid value of registry_id, it should be geater than 0',
      );
      const missing = await call('POST', '/projects', body('missing', { registry_id: 9999 }));
      expect(missing.status).toBe(400);
      const badSpeed = await call('POST', '/projects', {
        ...body('badspeed', { registry_id: registryId }),
        metadata: { proxy_speed_kb: 'fast' },
      });
      expect(badSpeed.status).toBe(400);
      expect(badSpeed.body.errors[0].message).toContain('metadata.proxy_speed_kb should by an int32');
      const plain = await call('POST', '/projects', {
        ...body('plainproj'),
        metadata: { proxy_speed_kb: '5' },
      });
      expect(plain.status).toBe(201);
      const plainGot = await call('GET', '/projects/plainproj');
      expect(plainGot.body.registry_id).toBeUndefined();
      expect(plainGot.body.metadata.proxy_speed_kb).toBeUndefined();
      const ok = await call('POST', '/projects', {
        ...body('hub', { registry_id: registryId }),
        metadata: { public: 'false', proxy_speed_kb: '-1' },
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      const got = await call('GET', '/projects/hub');
      expect(got.body.registry_id).toBe(registryId);
      expect(got.body.metadata.proxy_speed_kb).toBe('-1');
      const summary = await call('GET', '/projects/hub/summary');
      expect(summary.body.registry).toMatchObject({
        id: registryId,
        name: 'upstream',
        type: 'docker-registry',
      });
      expect(JSON.stringify(summary.body)).not.toContain(LOGIN.password);
      const inUse = await call('DELETE', `/registries/${registryId}`);
      expect(inUse.status).toBe(412);
    });

    it('pulls through: byte-exact, stored, listed; served when the upstream is down; pushes refused; a moved tag is refreshed', async () => {
      const layers = [Buffer.alloc(3 * 1024 * 1024, 7), Buffer.from('second layer')];
      const pushed = await upstreamClient.pushImage('library/app', 'v1', { layers });
      expect(pushed.response.status).toBe(201);
      const client = await puller('hub/library/app');

      const first = await pull(client, 'hub/library/app', 'v1');
      expect(first.status).toBe(200);
      expect(first.digest).toBe(pushed.digest);
      expect(sha256(first.bytes!)).toBe(pushed.digest);
      expect(first.blobs![1]!.equals(layers[0]!)).toBe(true);
      expect(first.blobs![2]!.equals(layers[1]!)).toBe(true);

      const listed = await eventually(
        () => call('GET', '/projects/hub/repositories/library%252Fapp/artifacts?with_tag=true'),
        (r) => r.status === 200 && (r.body as unknown[]).length === 1,
        20_000,
      );
      expect(listed.body[0].digest).toBe(pushed.digest);
      expect(listed.body[0].tags[0].name).toBe('v1');

      await upstream.kill();
      const offline = await pull(client, 'hub/library/app', 'v1');
      expect(offline.status).toBe(200);
      expect(offline.digest).toBe(pushed.digest);
      expect(offline.blobs![1]!.equals(layers[0]!)).toBe(true);
      const unknown = await pull(await puller('hub/library/other'), 'hub/library/other', 'v1');
      expect(unknown.status).toBe(404);
      await upstream.restart();

      const push = await client.fetch('/v2/hub/library/app/blobs/uploads/', { method: 'POST' });
      expect(push.status).toBe(403);
      const refusal = (await push.json()) as { errors: { code: string; message: string }[] };
      expect(refusal.errors[0]).toMatchObject({
        code: 'DENIED',
        message: 'can not push artifact to a proxy project: hub',
      });

      const moved = await upstreamClient.pushImage('library/app', 'v1', {
        layers: [Buffer.from('new layer')],
      });
      const refreshed = await pull(client, 'hub/library/app', 'v1');
      expect(refreshed.digest).toBe(moved.digest);
      const tagged = await eventually(
        () => call('GET', '/projects/hub/repositories/library%252Fapp/artifacts?with_tag=true'),
        (r) =>
          Array.isArray(r.body) &&
          (r.body as { digest: string; tags: { name: string }[] | null }[]).some(
            (a) => a.digest === moved.digest && a.tags?.[0]?.name === 'v1',
          ),
        20_000,
      );
      expect(tagged.body.find((a: { digest: string }) => a.digest === moved.digest).tags[0].name).toBe('v1');
    }, 90_000);

    it('serves a multi-arch index, fetches its children on demand and stores the index once they are cached', async () => {
      const amd = await upstreamClient.pushImage('library/multi', 'amd', { architecture: 'amd64' });
      const arm = await upstreamClient.pushImage('library/multi', 'arm', { architecture: 'arm64' });
      const index = {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [amd, arm].map((image, i) => ({
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: image.digest,
          size: Buffer.from(JSON.stringify(image.manifest)).length,
          platform: { architecture: i === 0 ? 'amd64' : 'arm64', os: 'linux' },
        })),
      };
      const pushedIndex = await upstreamClient.pushManifest(
        'library/multi',
        'latest',
        index,
        index.mediaType,
      );
      expect(pushedIndex.status).toBe(201);
      const client = await puller('hub/library/multi');
      const got = await client.fetch('/v2/hub/library/multi/manifests/latest', {
        headers: { accept: ACCEPT },
      });
      expect(got.status).toBe(200);
      expect(sha256(Buffer.from(await got.arrayBuffer()))).toBe(sha256(JSON.stringify(index)));
      for (const child of [amd, arm]) {
        const pulled = await pull(client, 'hub/library/multi', child.digest);
        expect(pulled.digest).toBe(child.digest);
      }
      const artifacts = await eventually(
        () => call('GET', '/projects/hub/repositories/library%252Fmulti/artifacts?with_tag=true'),
        (r) =>
          Array.isArray(r.body) &&
          (r.body as { tags: { name: string }[] | null }[]).some((a) => a.tags?.[0]?.name === 'latest'),
        20_000,
      );
      const stored = (artifacts.body as { digest: string; tags: { name: string }[] | null }[]).find(
        (a) => a.tags?.[0]?.name === 'latest',
      );
      expect(stored?.digest).toBe(sha256(JSON.stringify(index)));
    }, 60_000);

    it("pulls no faster than the project's proxy_speed_kb", async () => {
      const created = await call('POST', '/projects', {
        project_name: 'slowhub',
        registry_id: registryId,
        metadata: { proxy_speed_kb: '256' },
      });
      expect(created.status).toBe(201);
      const layer = Buffer.alloc(1024 * 1024, 3);
      await upstreamClient.pushImage('library/big', 'v1', { layers: [layer] });
      const started = Date.now();
      const pulled = await pull(await puller('slowhub/library/big'), 'slowhub/library/big', 'v1');
      expect(pulled.blobs![1]!.equals(layer)).toBe(true);
      // 1 MiB at 256 KiB/s: about 4 s.
      expect(Date.now() - started).toBeGreaterThan(3_000);
    }, 60_000);
  },
);
