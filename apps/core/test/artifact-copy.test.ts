import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { pushManifestOf } from './support/artifact-pushes.js';
import {
  expectArtifactSchema,
  OCI_INDEX,
  OCI_MANIFEST,
  pushIndex,
  startArtifactStack,
  type ArtifactStack,
} from './support/artifact-stack.js';
import { expectSchema } from './support/swagger-schema.js';
import { sha256 } from './support/oci-client.js';

const ROLE = { developer: 2, guest: 3 };
const QUOTA_MESSAGE =
  /^Quota exceeded when processing the request of adding .* of storage resource, which when updated to current usage of .* will exceed the configured upper limit of .*\.$/;

describe('CopyArtifact: mounts inside the registry, records as a push', () => {
  let stack: ArtifactStack;
  let dev: Credentials;
  let guestOnTarget: Credentials;
  let tightId: number;
  let image: Awaited<ReturnType<Awaited<ReturnType<ArtifactStack['client']>>['pushImage']>>;
  let signature: { digest: string };
  let multi: Awaited<ReturnType<typeof pushIndex>>;
  const copy = (target: string, from: string, as: Credentials | null = dev) =>
    api(
      stack.core.baseUrl,
      'POST',
      `/projects/${target}/artifacts?from=${encodeURIComponent(from)}`,
      as ? { as } : {},
    );

  beforeAll(async () => {
    stack = await startArtifactStack('artifact-copy');
    const src = await createProject(stack.core.baseUrl, 'src');
    const dst = await createProject(stack.core.baseUrl, 'dst');
    tightId = await createProject(stack.core.baseUrl, 'tight');
    dev = await createUser(stack.core.baseUrl, 'copy-dev');
    guestOnTarget = await createUser(stack.core.baseUrl, 'copy-guest');
    for (const project of [src, dst, tightId])
      await addMember(stack.core.baseUrl, project, dev.username, ROLE.developer);
    await addMember(stack.core.baseUrl, src, guestOnTarget.username, ROLE.developer);
    await addMember(stack.core.baseUrl, dst, guestOnTarget.username, ROLE.guest);
    const app = await stack.client('src/app');
    image = await app.pushImage('src/app', 'v1', {
      layers: [Buffer.from('copy layer one'), Buffer.from('copy layer two')],
    });
    await stack.db.query(
      `INSERT INTO tag (repository_id, artifact_id, name) SELECT repository_id, id, 'stable' FROM artifact WHERE digest = $1`,
      [image.digest],
    );
    signature = await pushManifestOf(app, 'src/app', undefined, {
      configMediaType: 'application/vnd.oci.empty.v1+json',
      config: Buffer.from('{}'),
      layers: [
        { mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', data: Buffer.from('{"sig":1}') },
      ],
      artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
      subject: {
        mediaType: OCI_MANIFEST,
        digest: image.digest,
        size: Buffer.byteLength(JSON.stringify(image.manifest)),
      },
    });
    multi = await pushIndex(await stack.client('src/multi'), 'src/multi', 'latest');
  }, 90_000);
  afterAll(() => stack?.close());

  it('copies an image by tag with its tags and accessory; the copy pulls byte for byte', async () => {
    const copied = await copy('dst/repositories/app', 'src/app:v1');
    expect(copied.status).toBe(201);
    expect(copied.headers.get('location')).toBe('/api/v2.0/projects/dst/repositories/app/artifacts/v1');
    const puller = await stack.client('dst/app', dev);
    for (const tag of ['v1', 'stable', image.digest]) {
      const pulled = await puller.fetch(`/v2/dst/app/manifests/${tag}`, {
        headers: { accept: OCI_MANIFEST },
      });
      expect(pulled.status).toBe(200);
      expect(
        Buffer.from(await pulled.arrayBuffer()).equals(Buffer.from(JSON.stringify(image.manifest))),
      ).toBe(true);
    }
    for (const layer of ['copy layer one', 'copy layer two']) {
      const blob = await puller.fetch(`/v2/dst/app/blobs/${sha256(layer)}`);
      expect(blob.status).toBe(200);
      expect(await blob.text()).toBe(layer);
    }
    const listed = await api(
      stack.core.baseUrl,
      'GET',
      '/projects/dst/repositories/app/artifacts?with_tag=true',
      { as: dev },
    );
    expect(listed.status).toBe(200);
    expectArtifactSchema(listed.body, 'Artifact[]');
    expect(listed.body.map((a: { digest: string }) => a.digest)).toEqual([image.digest]);
    expect(listed.body[0].tags.map((t: { name: string }) => t.name).sort()).toEqual(['stable', 'v1']);
    const accessories = await api(
      stack.core.baseUrl,
      'GET',
      '/projects/dst/repositories/app/artifacts/v1/accessories',
      { as: dev },
    );
    expectSchema(accessories.body, 'Accessory[]');
    expect(accessories.body).toMatchObject([
      { digest: signature.digest, subject_artifact_repo: 'dst/app', type: 'signature.cosign' },
    ]);
  });

  it('copies a multi-arch index by digest, children first, into a nested repository', async () => {
    const copied = await copy('dst/repositories/team%252Fmulti', `src/multi@${multi.digest}`);
    expect(copied.status).toBe(201);
    expect(copied.headers.get('location')).toBe(
      `/api/v2.0/projects/dst/repositories/team%2Fmulti/artifacts/${multi.digest}`,
    );
    const puller = await stack.client('dst/team/multi', dev);
    const index = await puller.fetch('/v2/dst/team/multi/manifests/latest', {
      headers: { accept: OCI_INDEX },
    });
    expect(index.status).toBe(200);
    expect(index.headers.get('docker-content-digest')).toBe(multi.digest);
    for (const child of multi.children) {
      expect(
        (
          await puller.fetch(`/v2/dst/team/multi/manifests/${child.digest}`, {
            headers: { accept: OCI_MANIFEST },
          })
        ).status,
      ).toBe(200);
      expect(await (await puller.fetch(`/v2/dst/team/multi/blobs/${sha256(child.layer)}`)).text()).toBe(
        child.layer.toString(),
      );
    }
    const got = await api(
      stack.core.baseUrl,
      'GET',
      `/projects/dst/repositories/team%252Fmulti/artifacts/${multi.digest}`,
      { as: dev },
    );
    expect(got.status).toBe(200);
    expectArtifactSchema(got.body, 'Artifact');
    expect(got.body.references.map((r: { child_digest: string }) => r.child_digest).sort()).toEqual(
      multi.children.map((c) => c.digest).sort(),
    );
  });

  it('refuses without push on the target, without pull on the source, and an accessory as source', async () => {
    const refused = await copy('dst/repositories/nope', 'src/app:v1', guestOnTarget);
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].code).toBe('FORBIDDEN');
    const outsider = await createUser(stack.core.baseUrl, 'copy-outsider');
    await addMember(stack.core.baseUrl, tightId, outsider.username, ROLE.developer);
    expect((await copy('tight/repositories/app', 'src/app:v1', outsider)).status).toBe(403);
    expect((await copy('dst/repositories/app', 'src/app:v1', null)).status).toBe(401);
    const accessory = await copy('dst/repositories/sig', `src/app@${signature.digest}`);
    expect(accessory.status).toBe(403);
    expect(accessory.body.errors[0]).toEqual({
      code: 'DENIED',
      message: "the operation isn't supported for an artifact accessory",
    });
    expect(
      await stack.db.query(`SELECT 1 FROM repository WHERE name IN ('dst/nope', 'tight/app', 'dst/sig')`),
    ).toEqual([]);
  });

  it.each([
    '',
    'src/app',
    'src/app:',
    'src/app@sha256:123',
    'SRC/app:v1',
    'app:v1',
    'src/app:v1@sha256:zz',
    '../x/app:v1',
  ])('answers 400 for from=%j before touching anything', async (from) => {
    const response = await copy('dst/repositories/bad', from);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].code).toBe('BAD_REQUEST');
  });

  it('answers 404 for a missing source artifact or project', async () => {
    expect((await copy('dst/repositories/app', 'src/app:missing')).status).toBe(404);
    expect((await copy('dst/repositories/app', 'nowhere/app:v1', ADMIN)).status).toBe(404);
    expect((await copy('nowhere/repositories/app', 'src/app:v1', ADMIN)).status).toBe(404);
  });

  it("refuses a copy over the target's quota with Harbor's message, recording and storing nothing", async () => {
    const [quota] = (await api(stack.core.baseUrl, 'GET', `/quotas?reference_id=${tightId}`, { as: ADMIN }))
      .body;
    expect(
      (
        await api(stack.core.baseUrl, 'PUT', `/quotas/${quota.id}`, {
          as: ADMIN,
          body: { hard: { storage: 100 } },
        })
      ).status,
    ).toBe(200);
    const refused = await copy('tight/repositories/app', 'src/app:v1');
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].code).toBe('DENIED');
    expect(refused.body.errors[0].message).toMatch(QUOTA_MESSAGE);
    expect(await stack.db.query(`SELECT 1 FROM repository WHERE name = 'tight/app'`)).toEqual([]);
    expect(
      (await api(stack.core.baseUrl, 'GET', `/quotas/${quota.id}`, { as: ADMIN })).body.used.storage,
    ).toBe(0);
    const puller = await stack.client('tight/app');
    expect(
      (await puller.fetch('/v2/tight/app/manifests/v1', { headers: { accept: OCI_MANIFEST } })).status,
    ).toBe(404);
  });

  it('refuses in read-only mode', async () => {
    const readOnly = (value: boolean) =>
      api(stack.core.baseUrl, 'PUT', '/configurations', { as: ADMIN, body: { read_only: value } });
    expect((await readOnly(true)).status).toBe(200);
    try {
      const refused = await copy('dst/repositories/ro', 'src/app:v1');
      expect(refused.status).toBe(403);
      expect(refused.body.errors[0]).toEqual({
        code: 'DENIED',
        message: 'The system is in read only mode. Any modification is prohibited.',
      });
    } finally {
      await readOnly(false);
    }
  });
});
