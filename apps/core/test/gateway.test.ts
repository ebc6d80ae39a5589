import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisConfig } from '@harbor-ts/testing';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { basicAuth } from './support/harbor-client.js';
import { OciClient, registryToken, sha256 } from './support/oci-client.js';
import { startRegistry, type RegistryProcess } from './support/registry-process.js';
import { RegistryFixtures, ROLE, writeTokenKey } from './support/registry-fixtures.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
type OciErrors = { errors: { code: string }[] };
type Catalog = { repositories: string[] };

async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('/v2 gatekeeper in front of the real registry', () => {
  let core: CoreTestApp;
  let registry: RegistryProcess;
  let db: RegistryFixtures;
  const dev = { username: 'dev', password: 'Dev12345' };
  const guest = { username: 'guest', password: 'Guest12345' };
  const outsider = { username: 'outsider', password: 'Out12345' };

  beforeAll(async () => {
    const redis = testRedisConfig('gateway');
    registry = await startRegistry(redis);
    const key = writeTokenKey();
    core = await startCore({
      redis,
      registry: registry.endpoint,
      registryEvents: registry.events,
      token: { privateKeyFile: key.privateKeyFile, certificateFile: key.certificateFile },
    });
    db = new RegistryFixtures(core.config.database);
    const priv = await db.project('priv');
    await db.project('pub', { public: true });
    await db.member(priv, await db.user(dev.username, dev.password), ROLE.developer);
    await db.member(priv, await db.user(guest.username, guest.password), ROLE.guest);
    await db.user(outsider.username, outsider.password);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await core?.close();
    await registry?.stop();
  });

  const as = async (who: typeof dev | undefined, scopes: string[]) =>
    OciClient.bearer(core.baseUrl, await registryToken(core.baseUrl, scopes, who));

  it('challenges anonymous callers with the token realm, identically for existing and missing repositories', async () => {
    const ping = await fetch(`${core.baseUrl}/v2/`);
    expect(ping.status).toBe(401);
    expect(ping.headers.get('www-authenticate')).toBe(
      'Bearer realm="http://harbor.test:8480/service/token",service="harbor-registry"',
    );
    expect(((await ping.json()) as OciErrors).errors[0]?.code).toBe('UNAUTHORIZED');
    const dev0 = await as(dev, ['repository:priv/app:pull,push']);
    expect((await dev0.pushImage('priv/app', 'v1')).response.status).toBe(201);
    const existing = await fetch(`${core.baseUrl}/v2/priv/app/manifests/v1`);
    const missing = await fetch(`${core.baseUrl}/v2/priv/nothing/manifests/v1`);
    expect(existing.status).toBe(401);
    expect(missing.status).toBe(401);
    expect(existing.headers.get('www-authenticate')).toContain('scope="repository:priv/app:pull"');
    expect(await existing.text()).toBe(await missing.text());
  });

  it('records a pushed image: repository, artifact, tag, blobs', async () => {
    const client = await as(dev, ['repository:priv/rec:pull,push']);
    const layers = [Buffer.from('layer one'), Buffer.from('layer two')];
    const pushed = await client.pushImage('priv/rec', 'v1', { layers });
    expect(pushed.response.status).toBe(201);
    expect(pushed.response.headers.get('docker-content-digest')).toBe(pushed.digest);
    const [artifact] = await db.query<{
      id: number;
      type: string;
      media_type: string;
      manifest_media_type: string;
      size: string;
      extra_attrs: string;
      project_id: number;
    }>(
      'SELECT a.* FROM artifact a JOIN repository r ON r.repository_id = a.repository_id WHERE r.name = $1',
      ['priv/rec'],
    );
    expect(artifact).toMatchObject({
      type: 'IMAGE',
      media_type: 'application/vnd.oci.image.config.v1+json',
      manifest_media_type: OCI_MANIFEST,
    });
    expect(Number(artifact!.size)).toBe(pushed.size);
    expect(JSON.parse(artifact!.extra_attrs)).toMatchObject({
      architecture: 'amd64',
      os: 'linux',
      author: 'tests',
      created: '2024-01-02T03:04:05Z',
      config: { Env: ['A=1'] },
    });
    const tags = await db.query('SELECT name FROM tag WHERE artifact_id = $1', [artifact!.id]);
    expect(tags).toEqual([{ name: 'v1' }]);
    const blobs = await db.query<{ digest_blob: string }>(
      'SELECT digest_blob FROM artifact_blob WHERE digest_af = $1',
      [pushed.digest],
    );
    expect(blobs.map((b) => b.digest_blob).sort()).toEqual(
      [pushed.digest, pushed.manifest.config.digest, ...layers.map((l) => sha256(l))].sort(),
    );
    const projectBlobs = await db.query(
      'SELECT b.digest FROM project_blob pb JOIN blob b ON b.id = pb.blob_id WHERE pb.project_id = $1',
      [artifact!.project_id],
    );
    expect(projectBlobs.length).toBeGreaterThanOrEqual(4);
  });

  it('moves a tag pushed again to the new artifact, and counts pulls', async () => {
    const client = await as(dev, ['repository:priv/move:pull,push']);
    const first = await client.pushImage('priv/move', 'latest', { layers: [Buffer.from('first')] });
    const second = await client.pushImage('priv/move', 'latest', { layers: [Buffer.from('second')] });
    const rows = await db.query<{ digest: string }>(
      'SELECT a.digest FROM tag t JOIN artifact a ON a.id = t.artifact_id JOIN repository r ON r.repository_id = t.repository_id WHERE r.name = $1',
      ['priv/move'],
    );
    expect(rows).toEqual([{ digest: second.digest }]);
    expect(first.digest).not.toBe(second.digest);
    const pulled = await client.fetch('/v2/priv/move/manifests/latest', {
      headers: { accept: OCI_MANIFEST },
    });
    expect(pulled.status).toBe(200);
    expect(await pulled.json()).toEqual(second.manifest);
    const [pulls] = await eventually(
      () =>
        db.query<{ pull_count: number; pull_time: Date | null; tag_pull_time: Date | null }>(
          `SELECT r.pull_count, a.pull_time, t.pull_time AS tag_pull_time FROM repository r
             JOIN artifact a ON a.repository_id = r.repository_id JOIN tag t ON t.artifact_id = a.id WHERE a.digest = $1`,
          [second.digest],
        ),
      (r) => r[0]?.tag_pull_time != null,
    );
    expect(pulls?.pull_count).toBe(1);
    expect(pulls?.pull_time).not.toBeNull();
  });

  it('keeps the catalogue in step with tag and manifest deletes, and refuses to orphan an index child', async () => {
    // Developers may push but not delete (Harbor's role table); the project's admin may.
    const client = await as({ username: 'admin', password: 'Harbor12345' }, [
      'repository:priv/gone:pull,push,delete',
    ]);
    const image = await client.pushImage('priv/gone', 'v1');
    expect(image.response.status).toBe(201);
    expect((await client.fetch('/v2/priv/gone/manifests/v1', { method: 'DELETE' })).status).toBe(202);
    const tags = await db.query(
      'SELECT t.name FROM tag t JOIN repository r ON r.repository_id = t.repository_id WHERE r.name = $1',
      ['priv/gone'],
    );
    expect(tags).toEqual([]);
    expect(await db.query('SELECT 1 FROM artifact WHERE digest = $1', [image.digest])).toHaveLength(1);

    expect((await client.fetch(`/v2/priv/gone/manifests/${image.digest}`, { method: 'DELETE' })).status).toBe(
      202,
    );
    expect(
      await db.query('SELECT 1 FROM artifact WHERE repository_name = $1 AND digest = $2', [
        'priv/gone',
        image.digest,
      ]),
    ).toEqual([]);
    expect(
      await db.query('SELECT 1 FROM artifact_trash WHERE repository_name = $1 AND digest = $2', [
        'priv/gone',
        image.digest,
      ]),
    ).toHaveLength(1);

    const child = await client.pushImage('priv/gone', 'child');
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          digest: child.digest,
          size: Buffer.byteLength(JSON.stringify(child.manifest)),
        },
      ],
    };
    expect((await client.pushManifest('priv/gone', 'multi', index, index.mediaType)).status).toBe(201);
    const refused = await client.fetch(`/v2/priv/gone/manifests/${child.digest}`, { method: 'DELETE' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as OciErrors).errors[0]?.code).toBe('DENIED');
    expect((await client.fetch(`/v2/priv/gone/manifests/${child.digest}`)).status).toBe(200);
  });

  it('enforces the project storage quota on push, counting each blob once per project', async () => {
    const projectId = await db.project('quota');
    await db.member(projectId, await db.user('quota-dev', 'Quota12345'), ROLE.developer);
    await db.query(
      `INSERT INTO quota (reference, reference_id, hard) VALUES ('project', $1, '{"storage": 4096}')`,
      [String(projectId)],
    );
    await db.query(
      `INSERT INTO quota_usage (reference, reference_id, used) VALUES ('project', $1, '{"storage": 0}')`,
      [String(projectId)],
    );
    const used = async () =>
      Number(
        (
          await db.query<{ s: string }>(
            `SELECT used->>'storage' AS s FROM quota_usage WHERE reference_id = $1`,
            [String(projectId)],
          )
        )[0]?.s,
      );
    const client = await as({ username: 'quota-dev', password: 'Quota12345' }, [
      'repository:quota/app:pull,push',
    ]);

    const small = await client.pushImage('quota/app', 'small');
    expect(small.response.status).toBe(201);
    expect(await used()).toBe(small.size);
    const sameLayers = { layers: [Buffer.from('layer of quota/app:small')] };
    expect((await client.pushImage('quota/app', 'again', sameLayers)).response.status).toBe(201);
    expect(await used()).toBe(small.size); // the same blobs again: nothing new to count

    const big = await client.pushImage('quota/app', 'big', { layers: [Buffer.alloc(8192, 7)] });
    expect(big.response.status).toBe(403);
    const body = (await big.response.json()) as { errors: { code: string; message: string }[] };
    expect(body.errors[0]?.code).toBe('DENIED');
    expect(body.errors[0]?.message).toMatch(
      /^Quota exceeded when processing the request of adding .* will exceed the configured upper limit of 4\.0 KiB/,
    );
    expect(await used()).toBe(small.size);
    expect((await client.fetch('/v2/quota/app/manifests/big')).status).toBe(404);
  });

  it('records an index with its children and platforms, and an accessory with its subject', async () => {
    const client = await as(dev, ['repository:priv/multi:pull,push']);
    const amd = await client.pushImage('priv/multi', sha256('placeholder-amd').replace('sha256:', 'amd'), {
      architecture: 'amd64',
    });
    const arm = await client.pushImage('priv/multi', 'arm', { architecture: 'arm64' });
    expect(amd.response.status).toBe(201);
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          digest: amd.digest,
          size: Buffer.byteLength(JSON.stringify(amd.manifest)),
          platform: { architecture: 'amd64', os: 'linux' },
        },
        {
          mediaType: OCI_MANIFEST,
          digest: arm.digest,
          size: Buffer.byteLength(JSON.stringify(arm.manifest)),
          platform: { architecture: 'arm64', os: 'linux' },
        },
      ],
    };
    const response = await client.pushManifest('priv/multi', 'v1', index, index.mediaType);
    expect(response.status).toBe(201);
    const indexDigest = response.headers.get('docker-content-digest');
    const refs = await db.query<{ child_digest: string; platform: string }>(
      'SELECT r.child_digest, r.platform FROM artifact_reference r JOIN artifact a ON a.id = r.parent_id WHERE a.digest = $1 ORDER BY r.child_digest',
      [indexDigest],
    );
    expect(refs.map((r) => [r.child_digest, JSON.parse(r.platform).architecture]).sort()).toEqual(
      [
        [amd.digest, 'amd64'],
        [arm.digest, 'arm64'],
      ].sort(),
    );
    const [parent] = await db.query<{ type: string; size: string }>(
      'SELECT type, size FROM artifact WHERE digest = $1',
      [indexDigest],
    );
    expect(parent?.type).toBe('IMAGE');
    expect(Number(parent?.size)).toBe(Buffer.byteLength(JSON.stringify(index)) + amd.size + arm.size);

    const signature = await client.pushImage('priv/multi', sha256('sig').replace('sha256:', 'sig'), {
      subject: {
        mediaType: OCI_MANIFEST,
        digest: arm.digest,
        size: Buffer.byteLength(JSON.stringify(arm.manifest)),
      },
    });
    expect(signature.response.status).toBe(201);
    const accessories = await db.query(
      'SELECT subject_artifact_digest, subject_artifact_repo, type FROM artifact_accessory WHERE digest = $1',
      [signature.digest],
    );
    expect(accessories).toEqual([
      { subject_artifact_digest: arm.digest, subject_artifact_repo: 'priv/multi', type: 'subject.accessory' },
    ]);
  });

  it('lets a guest pull but not push, and denies outsiders the same way whether the repository exists or not', async () => {
    const guestClient = await as(guest, ['repository:priv/app:pull,push']);
    expect(
      (await guestClient.fetch('/v2/priv/app/manifests/v1', { headers: { accept: OCI_MANIFEST } })).status,
    ).toBe(200);
    const push = await guestClient.fetch('/v2/priv/app/blobs/uploads/', { method: 'POST' });
    expect(push.status).toBe(401);
    expect(push.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(((await push.json()) as OciErrors).errors[0]?.code).toBe('DENIED');
    const outsiderClient = await as(outsider, ['repository:priv/app:pull', 'repository:priv/ghost:pull']);
    const existing = await outsiderClient.fetch('/v2/priv/app/manifests/v1');
    const missing = await outsiderClient.fetch('/v2/priv/ghost/manifests/v1');
    expect([existing.status, missing.status]).toEqual([401, 401]);
    expect(await existing.text()).toBe(await missing.text());
  });

  it('serves public projects to anonymous tokens, pull only', async () => {
    const client = await as(dev, ['repository:pub/app:pull,push']);
    expect((await client.pushBlob('pub/app', Buffer.from('x'))).status).toBe(401); // dev is no member of pub
    const admin = await as({ username: 'admin', password: 'Harbor12345' }, ['repository:pub/app:pull,push']);
    expect((await admin.pushImage('pub/app', 'v1')).response.status).toBe(201);
    const anonymous = await as(undefined, ['repository:pub/app:pull,push']);
    expect(
      (await anonymous.fetch('/v2/pub/app/manifests/v1', { headers: { accept: OCI_MANIFEST } })).status,
    ).toBe(200);
    expect((await anonymous.fetch('/v2/pub/app/blobs/uploads/', { method: 'POST' })).status).toBe(401);
  });

  it('accepts basic auth on /v2 directly', async () => {
    const client = new OciClient(core.baseUrl, basicAuth(dev));
    expect((await client.fetch('/v2/')).status).toBe(200);
    expect(
      (await client.fetch('/v2/priv/app/manifests/v1', { headers: { accept: OCI_MANIFEST } })).status,
    ).toBe(200);
    expect(
      (await new OciClient(core.baseUrl, basicAuth({ ...dev, password: 'bad' })).fetch('/v2/')).status,
    ).toBe(401);
  });

  it('streams blobs with their headers and ranges', async () => {
    const client = await as(dev, ['repository:priv/blobs:pull,push']);
    const data = Buffer.from('0123456789abcdef');
    const put = await client.pushBlob('priv/blobs', data);
    expect(put.status).toBe(201);
    expect(put.headers.get('location')).toBe(`/v2/priv/blobs/blobs/${sha256(data)}`);
    const head = await client.fetch(`/v2/priv/blobs/blobs/${sha256(data)}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('16');
    expect(head.headers.get('docker-content-digest')).toBe(sha256(data));
    const range = await client.fetch(`/v2/priv/blobs/blobs/${sha256(data)}`, {
      headers: { range: 'bytes=4-7' },
    });
    expect(range.status).toBe(206);
    expect(await range.text()).toBe('4567');
    // The registry's blob-committed event reaches the blob table without any manifest.
    const rows = await eventually(
      () => db.query<{ size: string }>('SELECT size FROM blob WHERE digest = $1', [sha256(data)]),
      (r) => r.length === 1,
    );
    expect(Number(rows[0]?.size)).toBe(16);
  });

  it('mounts across repositories only with pull on the source', async () => {
    const data = Buffer.from('mountable');
    const owner = await as(dev, ['repository:priv/src:pull,push']);
    expect((await owner.pushBlob('priv/src', data)).status).toBe(201);
    const admin = { username: 'admin', password: 'Harbor12345' };
    const mounting = await as(admin, ['repository:pub/dst:pull,push', 'repository:priv/src:pull']);
    const mounted = await mounting.fetch(`/v2/pub/dst/blobs/uploads/?mount=${sha256(data)}&from=priv/src`, {
      method: 'POST',
    });
    expect(mounted.status).toBe(201);
    const anonymousOwner = await db.user('pubdev', 'Pubdev123');
    const pubId = (
      await db.query<{ project_id: number }>("SELECT project_id FROM project WHERE name = 'pub'")
    )[0]!.project_id;
    await db.member(pubId, anonymousOwner, ROLE.developer);
    const stranger = await as({ username: 'pubdev', password: 'Pubdev123' }, [
      'repository:pub/dst2:pull,push',
      'repository:priv/src:pull',
    ]);
    const refused = await stranger.fetch(`/v2/pub/dst2/blobs/uploads/?mount=${sha256(data)}&from=priv/src`, {
      method: 'POST',
    });
    expect(refused.status).toBe(202); // a plain upload session instead of the mount
  });

  it('filters the catalog to what the caller may pull', async () => {
    const guestCatalog = await (await as(guest, ['registry:catalog:*'])).fetch('/v2/_catalog');
    const names = ((await guestCatalog.json()) as Catalog).repositories;
    expect(names).toContain('priv/app');
    expect(names).toContain('pub/app');
    const outsiderNames = (
      (await (await (await as(outsider, ['registry:catalog:*'])).fetch('/v2/_catalog')).json()) as Catalog
    ).repositories;
    expect(outsiderNames.some((n) => n.startsWith('priv/'))).toBe(false);
    expect(outsiderNames).toContain('pub/app');
  });

  it('refuses tokens issued before their project was created again', async () => {
    const id = await db.project('reborn');
    await db.query(
      "INSERT INTO project_member (project_id, entity_id, entity_type, role) SELECT $1, user_id, 'u', 2 FROM harbor_user WHERE username = 'dev'",
      [id],
    );
    const client = await as(dev, ['repository:reborn/app:pull,push']);
    await db.query("UPDATE project SET deleted = true, name = 'reborn#old' WHERE project_id = $1", [id]);
    await new Promise((r) => setTimeout(r, 1100));
    const again = await db.project('reborn');
    await db.query(
      "INSERT INTO project_member (project_id, entity_id, entity_type, role) SELECT $1, user_id, 'u', 2 FROM harbor_user WHERE username = 'dev'",
      [again],
    );
    expect((await client.fetch('/v2/reborn/app/blobs/uploads/', { method: 'POST' })).status).toBe(401);
    const fresh = await as(dev, ['repository:reborn/app:pull,push']);
    expect((await fresh.fetch('/v2/reborn/app/blobs/uploads/', { method: 'POST' })).status).toBe(202);
  });

  it('answers nginx auth_request subrequests, handing out registry credentials only when allowed', async () => {
    const uri = '/v2/priv/app/blobs/uploads/0b7d1c2e-1111-4a4a-8b8b-123456789abc';
    const fromNginx = { 'x-harbor-gatekeeper-secret': core.config.secrets.coreSecret };
    const ask = async (authorization?: string, proof: Record<string, string> = fromNginx) =>
      fetch(`${core.baseUrl}/service/gatekeeper`, {
        headers: {
          'x-original-uri': uri,
          'x-original-method': 'PATCH',
          ...proof,
          ...(authorization ? { authorization } : {}),
        },
      });
    const allowed = await ask(
      `Bearer ${await registryToken(core.baseUrl, ['repository:priv/app:pull,push'], dev)}`,
    );
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('x-registry-authorization')).toMatch(/^Basic /);
    const refused = await ask(
      `Bearer ${await registryToken(core.baseUrl, ['repository:priv/app:pull,push'], guest)}`,
    );
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-registry-authorization')).toBeNull();
    expect((await ask()).status).toBe(401);
    // A local process that reaches core's socket directly, even with a valid token, gets nothing.
    const devToken = `Bearer ${await registryToken(core.baseUrl, ['repository:priv/app:pull,push'], dev)}`;
    const notNginx = await ask(devToken, {});
    expect(notNginx.status).toBe(404);
    expect(notNginx.headers.get('x-registry-authorization')).toBeNull();
    expect((await ask(devToken, { 'x-harbor-gatekeeper-secret': 'guessed-secret-000000' })).status).toBe(404);
  });

  it('hands blob downloads to nginx with X-Accel-Redirect when nginx asks for it', async () => {
    const client = await as(dev, ['repository:priv/blobs:pull,push']);
    const data = Buffer.from('served by nginx');
    expect((await client.pushBlob('priv/blobs', data)).status).toBe(201);
    const hex = sha256(data).slice(7);
    const accel = await client.fetch(`/v2/priv/blobs/blobs/${sha256(data)}`, {
      headers: { 'x-harbor-blob-accel': 'on' },
    });
    expect(accel.status).toBe(200);
    expect(accel.headers.get('x-accel-redirect')).toBe(
      `/docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`,
    );
    expect(await accel.text()).toBe('');
    const elsewhere = await client.fetch(`/v2/priv/app/blobs/${sha256(data)}`, {
      headers: { 'x-harbor-blob-accel': 'on' },
    });
    expect(elsewhere.status).toBe(401); // dev's token names priv/blobs only
    const admin = await as({ username: 'admin', password: 'Harbor12345' }, ['repository:priv/app:pull']);
    const unlinked = await admin.fetch(`/v2/priv/app/blobs/${sha256(data)}`, {
      headers: { 'x-harbor-blob-accel': 'on' },
    });
    expect(unlinked.status).toBe(404); // the blob is not in priv/app: the registry's answer, not the file
  });
});
