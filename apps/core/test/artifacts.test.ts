import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api } from './support/harbor-client.js';
import { createProject } from './support/fixtures.js';
import type { OciClient } from './support/oci-client.js';
import {
  expectArtifactSchema,
  OCI_INDEX,
  OCI_MANIFEST,
  pushIndex,
  pushSignature,
  startArtifactStack,
  type ArtifactStack,
} from './support/artifact-stack.js';
import { expectSchema } from './support/swagger-schema.js';

const NEVER = '0001-01-01T00:00:00.000Z';
const BASE = '/projects/art/repositories';
const get = (stack: ArtifactStack, path: string) => api(stack.core.baseUrl, 'GET', path, { as: ADMIN });

describe('artifact, tag and artifact-label API over real pushes', () => {
  let stack: ArtifactStack;
  let projectId: number;
  let app: OciClient;
  let v1: { digest: string; size: number; manifest: object };
  let v2: { digest: string };
  let signature: { digest: string };
  let multi: Awaited<ReturnType<typeof pushIndex>>;

  beforeAll(async () => {
    stack = await startArtifactStack('artifacts');
    projectId = await createProject(stack.core.baseUrl, 'art');
    app = await stack.client('art/app');
    v1 = await app.pushImage('art/app', 'v1', { layers: [Buffer.from('v1 layer')] });
    v2 = await app.pushImage('art/app', 'v2', { layers: [Buffer.from('v2 layer')] });
    const subject = {
      mediaType: OCI_MANIFEST,
      digest: v1.digest,
      size: Buffer.byteLength(JSON.stringify(v1.manifest)),
    };
    signature = await app.pushImage('art/app', 'sig', {
      layers: [Buffer.from('signature payload')],
      subject,
    });
    multi = await pushIndex(await stack.client('art/multi'), 'art/multi', 'latest');
    await (await stack.client('art/team/svc')).pushImage('art/team/svc', '1.0');
  }, 90_000);
  afterAll(() => stack?.close());

  it('lists a repository newest first with tags, addition links, paging headers and no accessories', async () => {
    const listed = await get(stack, `${BASE}/app/artifacts`);
    expect(listed.status).toBe(200);
    expectArtifactSchema(listed.body, 'Artifact[]');
    expect(listed.headers.get('x-total-count')).toBe('2');
    expect(listed.body.map((a: { digest: string }) => a.digest)).toEqual([v2.digest, v1.digest]);
    const [, first] = listed.body;
    expect(first).toMatchObject({
      type: 'IMAGE',
      media_type: 'application/vnd.oci.image.config.v1+json',
      manifest_media_type: OCI_MANIFEST,
      project_id: projectId,
      repository_name: 'art/app',
      size: v1.size,
      pull_time: NEVER,
      extra_attrs: { architecture: 'amd64', os: 'linux' },
      references: [],
      addition_links: {
        build_history: {
          href: `/api/v2.0/projects/art/repositories/app/artifacts/${v1.digest}/additions/build_history`,
          absolute: false,
        },
      },
    });
    expect(first.tags.map((t: { name: string }) => t.name)).toEqual(['v1']);
    expectSchema(first.tags, 'Tag[]');
    expect(first.tags[0]).toMatchObject({ artifact_id: first.id, immutable: false, pull_time: NEVER });
    expect(first).not.toHaveProperty('labels');
    expect(first).not.toHaveProperty('scan_overview');

    const page = await get(stack, `${BASE}/app/artifacts?page=1&page_size=1&with_tag=false`);
    expect(page.body).toHaveLength(1);
    expect(page.body[0]).not.toHaveProperty('tags');
    expect(page.headers.get('x-total-count')).toBe('2');
    expect(page.headers.get('link')).toContain('rel="next"');
  });

  it('shows accessories on their subject when asked, and never lists them, not even with base=*', async () => {
    const withAccessory = await get(stack, `${BASE}/app/artifacts/v1?with_accessory=true`);
    expectArtifactSchema(withAccessory.body, 'Artifact');
    expect(withAccessory.body.accessories).toHaveLength(1);
    expectSchema(withAccessory.body.accessories, 'Accessory[]');
    expect(withAccessory.body.accessories[0]).toMatchObject({
      digest: signature.digest,
      subject_artifact_digest: v1.digest,
      subject_artifact_repo: 'art/app',
      type: 'subject.accessory',
    });
    const all = await get(stack, `${BASE}/app/artifacts?q=${encodeURIComponent('base=*')}`);
    expect(all.headers.get('x-total-count')).toBe('2');
    expect(all.body.map((a: { digest: string }) => a.digest)).not.toContain(signature.digest);
  });

  it.each([
    ['tags=v1', 1],
    ['tags=~v', 2],
    ['tags=*', 2],
    ['tags=nil', 0],
    ['type=IMAGE', 2],
    // Harbor decodes q a second time, so a `+` sent encoded once reads as a space: clients encode it twice.
    ['media_type=application/vnd.oci.image.config.v1%2Bjson', 2],
    ['media_type=application/vnd.oci.image.config.v1+json', 0],
    ['tags=%7Ev', 2],
    ['tags=\\~v', 0],
    ['push_time=[2000-01-01T00:00:00Z~2100-01-01T00:00:00Z]', 2],
    ['pull_time=[2000-01-01T00:00:00Z~2100-01-01T00:00:00Z]', 0],
  ])('filters with q=%s', async (q, count) => {
    const listed = await get(stack, `${BASE}/app/artifacts?q=${encodeURIComponent(q)}`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.headers.get('x-total-count')).toBe(String(count));
    expect(listed.body).toHaveLength(count);
  });

  it('answers Harbor’s messages for what Harbor refuses in q', async () => {
    const empty = await get(stack, `${BASE}/app/artifacts?q=tags`);
    expect(empty.body.errors[0].message).toBe(
      'the query string must contain "=" and the key/value cannot be empty',
    );
    const range = await get(stack, `${BASE}/app/artifacts?q=${encodeURIComponent('size=[~]')}`);
    expect(range.body.errors[0].message).toBe('invalid query string value: [~]');
    const base = await get(stack, `${BASE}/app/artifacts?q=base=x`);
    expect(base.body.errors[0].message).toBe(
      'the value of "base" query can only be exact match value with "*"',
    );
  });

  it('ignores q keys and sort fields an artifact does not have, as Harbor does', async () => {
    for (const query of [
      'q=repository_id=1',
      `q=${encodeURIComponent('digest;drop table artifact=1')}`,
      'sort=-secret',
      'sort=tags',
      'q=label_id=1',
    ]) {
      const listed = await get(stack, `${BASE}/app/artifacts?${query}`);
      expect(listed.status, query).toBe(200);
      expect(listed.body.map((a: { digest: string }) => a.digest)).toEqual([v2.digest, v1.digest]);
    }
  });

  it('filters by digest and sorts by allowlisted fields', async () => {
    const byDigest = await get(stack, `${BASE}/app/artifacts?q=${encodeURIComponent(`digest=${v1.digest}`)}`);
    expect(byDigest.body.map((a: { digest: string }) => a.digest)).toEqual([v1.digest]);
    const oldestFirst = await get(stack, `${BASE}/app/artifacts?sort=push_time`);
    expect(oldestFirst.body.map((a: { digest: string }) => a.digest)).toEqual([v1.digest, v2.digest]);
  });

  it.each([
    ['q with a bad time range', `${BASE}/app/artifacts?q=${encodeURIComponent('push_time=[yesterday~]')}`],
    ['q on base other than *', `${BASE}/app/artifacts?q=base=x`],
    ['q with tags as a list', `${BASE}/app/artifacts?q=${encodeURIComponent('tags={v1 v2}')}`],
    ['q with labels as one id', `${BASE}/app/artifacts?q=labels=1`],
    ['q with labels as an or-list', `${BASE}/app/artifacts?q=${encodeURIComponent('labels={1 2}')}`],
    ['q with an empty value', `${BASE}/app/artifacts?q=tags=`],
    ['q without =', `${BASE}/app/artifacts?q=tags`],
    ['q with a bare ~', `${BASE}/app/artifacts?q=${encodeURIComponent('tags=~')}`],
    ['q with an open range', `${BASE}/app/artifacts?q=${encodeURIComponent('size=[1~')}`],
    ['page 0', `${BASE}/app/artifacts?page=0`],
    ['a flag that is not a boolean', `${BASE}/app/artifacts?with_tag=maybe`],
    ['a malformed digest', `${BASE}/app/artifacts/sha256:xyz`],
  ])('refuses %s with 400', async (_name, path) => {
    const response = await get(stack, path);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.errors[0].code).toMatch(/BAD_REQUEST|DIGEST_INVALID/);
  });

  it('gets an artifact by tag and by digest, in a repository whose name has a slash', async () => {
    const byTag = await get(stack, `${BASE}/app/artifacts/v2`);
    const byDigest = await get(stack, `${BASE}/app/artifacts/${v2.digest}`);
    expect(byTag.status).toBe(200);
    expectArtifactSchema(byTag.body, 'Artifact');
    expect(byDigest.body).toEqual(byTag.body);
    const nested = await get(stack, `${BASE}/team%252Fsvc/artifacts/1.0`);
    expect(nested.status).toBe(200);
    expect(nested.body.repository_name).toBe('art/team/svc');
    expect(nested.body.addition_links.build_history.href).toContain('/repositories/team%252Fsvc/artifacts/');
    expect((await get(stack, `${BASE}/app/artifacts/nope`)).status).toBe(404);
    expect((await get(stack, `${BASE}/app/artifacts/sha256:${'0'.repeat(64)}`)).status).toBe(404);
    expect((await get(stack, `${BASE}/missing/artifacts/v1`)).status).toBe(404);
    expect((await get(stack, `${BASE}/missing/artifacts`)).status).toBe(404);
    expect((await get(stack, '/projects/nowhere/repositories/app/artifacts')).status).toBe(404);
  });

  it('lists a multi-arch image as one artifact, its children only with base=*', async () => {
    const listed = await get(stack, `${BASE}/multi/artifacts`);
    expect(listed.headers.get('x-total-count')).toBe('1');
    expect(listed.body.map((a: { digest: string }) => a.digest)).toEqual([multi.digest]);
    const untagged = await get(stack, `${BASE}/multi/artifacts?q=${encodeURIComponent('tags=nil')}`);
    expect(untagged.headers.get('x-total-count')).toBe('0');
    const all = await get(stack, `${BASE}/multi/artifacts?q=${encodeURIComponent('base=*')}&sort=digest`);
    expect(all.headers.get('x-total-count')).toBe('3');
    expect(all.body.map((a: { digest: string }) => a.digest)).toEqual(
      [multi.digest, ...multi.children.map((c) => c.digest)].sort(),
    );
    const children = await get(stack, `${BASE}/multi/artifacts?q=${encodeURIComponent('base=*,tags=nil')}`);
    expect(children.headers.get('x-total-count')).toBe('2');
    const repository = await get(stack, `${BASE}/multi`);
    expect(repository.body.artifact_count).toBe(1);
    const repositories = await get(
      stack,
      `/projects/art/repositories?q=${encodeURIComponent('name=art/multi')}`,
    );
    expect(repositories.body.map((r: { artifact_count: number }) => r.artifact_count)).toEqual([1]);
  });

  it('shows an index with its children and their platforms, and refuses to delete a child (412)', async () => {
    const index = await get(stack, `${BASE}/multi/artifacts/latest`);
    expectArtifactSchema(index.body, 'Artifact');
    expect(index.body.manifest_media_type).toBe(OCI_INDEX);
    expect(index.body.addition_links).toEqual({});
    expect(index.body.references).toEqual(
      multi.children.map((c) =>
        expect.objectContaining({
          child_digest: c.digest,
          parent_id: index.body.id,
          platform: { architecture: c.architecture, os: 'linux' },
        }),
      ),
    );
    const child = await api(
      stack.core.baseUrl,
      'DELETE',
      `${BASE}/multi/artifacts/${multi.children[0]!.digest}`,
      { as: ADMIN },
    );
    expect(child.status).toBe(412);
    expect(child.body.errors[0].code).toBe('VIOLATE_FOREIGN_KEY_CONSTRAINT');
    expect((await get(stack, `${BASE}/multi/artifacts/${multi.children[0]!.digest}`)).status).toBe(200);
  });

  it('shows the signatures of an index on its children only when with_inherited_accessory is set', async () => {
    const client = await stack.client('art/signed');
    const index = await pushIndex(client, 'art/signed', 'v1', ['amd64']);
    const indexSize = (
      await client.fetch(`/v2/art/signed/manifests/v1`, { method: 'HEAD', headers: { accept: OCI_INDEX } })
    ).headers.get('content-length');
    const signed = await pushSignature(client, 'art/signed', {
      mediaType: OCI_INDEX,
      digest: index.digest,
      size: Number(indexSize),
    });
    const childPath = `${BASE}/signed/artifacts/${index.children[0]!.digest}`;
    const plain = await get(stack, childPath);
    expect(plain.body).not.toHaveProperty('inherited_accessories');
    const child = await get(stack, `${childPath}?with_inherited_accessory=true&with_accessory=true`);
    expectArtifactSchema(child.body, 'Artifact');
    expect(child.body.accessories).toEqual([]);
    expect(child.body.inherited_accessories).toEqual([
      expect.objectContaining({
        digest: signed.digest,
        subject_artifact_digest: index.digest,
        type: 'signature.cosign',
      }),
    ]);
    const onIndex = await get(stack, `${BASE}/signed/artifacts/v1?with_accessory=true`);
    expect(onIndex.body.accessories.map((a: { digest: string }) => a.digest)).toEqual([signed.digest]);
  });

  it('creates a tag that docker can pull, refuses a taken or invalid name, lists and deletes it', async () => {
    const tags = `${BASE}/app/artifacts/${v1.digest}/tags`;
    const created = await api(stack.core.baseUrl, 'POST', tags, { as: ADMIN, body: { name: 'stable' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v2.0${tags}/stable`);
    const pulled = await app.fetch('/v2/art/app/manifests/stable', { headers: { accept: OCI_MANIFEST } });
    expect(pulled.status).toBe(200);
    expect(pulled.headers.get('docker-content-digest')).toBe(v1.digest);
    for (const name of ['stable', 'v2']) {
      const taken = await api(stack.core.baseUrl, 'POST', tags, { as: ADMIN, body: { name } });
      expect(taken.status).toBe(409);
      expect(taken.body.errors[0].code).toBe('CONFLICT');
    }
    for (const body of [{ name: '-bad' }, { name: 'a'.repeat(129) }, {}, { name: 7 }]) {
      expect((await api(stack.core.baseUrl, 'POST', tags, { as: ADMIN, body })).status).toBe(400);
    }
    const listed = await get(stack, `${tags}?sort=name&with_immutable_status=true`);
    expectSchema(listed.body, 'Tag[]');
    expect(listed.body.map((t: { name: string }) => t.name)).toEqual(['stable', 'v1']);
    expect(listed.headers.get('x-total-count')).toBe('2');
    const fuzzy = await get(stack, `${tags}?q=${encodeURIComponent('name=~tab')}&page_size=1`);
    expect(fuzzy.body.map((t: { name: string }) => t.name)).toEqual(['stable']);
    // The path names the artifact; Harbor overrides an artifact_id given in q with it.
    const otherArtifact = await get(
      stack,
      `${tags}?q=${encodeURIComponent(`artifact_id=${listed.body[0].artifact_id + 1}`)}`,
    );
    expect(otherArtifact.headers.get('x-total-count')).toBe('2');

    expect((await api(stack.core.baseUrl, 'DELETE', `${tags}/v2`, { as: ADMIN })).status).toBe(404);
    expect((await api(stack.core.baseUrl, 'DELETE', `${tags}/stable`, { as: ADMIN })).status).toBe(200);
    expect(
      (await app.fetch('/v2/art/app/manifests/stable', { headers: { accept: OCI_MANIFEST } })).status,
    ).toBe(404);
    expect((await app.fetch('/v2/art/app/manifests/v1', { headers: { accept: OCI_MANIFEST } })).status).toBe(
      200,
    );
    // resource_type tag: the /v2 pull above has an `artifact` entry of the same name.
    const logs = await get(
      stack,
      `/audit-logs?q=${encodeURIComponent('resource=art/app:stable,resource_type=tag')}`,
    );
    expect(logs.body.map((l: { operation: string }) => l.operation).sort()).toEqual(['create', 'delete']);
  });

  it('adds global and own-project labels, refuses duplicates and other projects’ labels, filters by label', async () => {
    const label = async (body: object) =>
      Number(
        (await api(stack.core.baseUrl, 'POST', '/labels', { as: ADMIN, body })).headers
          .get('location')
          ?.split('/')
          .pop(),
      );
    const otherProject = await createProject(stack.core.baseUrl, 'art-other');
    const global = await label({ name: 'g-art', scope: 'g' });
    const own = await label({ name: 'p-art', scope: 'p', project_id: projectId });
    const foreign = await label({ name: 'p-other', scope: 'p', project_id: otherProject });
    const labels = `${BASE}/app/artifacts/v1/labels`;
    for (const id of [global, own])
      expect((await api(stack.core.baseUrl, 'POST', labels, { as: ADMIN, body: { id } })).status).toBe(200);
    expect((await api(stack.core.baseUrl, 'POST', labels, { as: ADMIN, body: { id: own } })).status).toBe(
      409,
    );
    expect((await api(stack.core.baseUrl, 'POST', labels, { as: ADMIN, body: { id: foreign } })).status).toBe(
      404,
    );
    expect((await api(stack.core.baseUrl, 'POST', labels, { as: ADMIN, body: { id: 999999 } })).status).toBe(
      404,
    );
    expect((await api(stack.core.baseUrl, 'POST', labels, { as: ADMIN, body: { id: 'x' } })).status).toBe(
      400,
    );

    const withLabels = await get(stack, `${BASE}/app/artifacts/v1?with_label=true`);
    expectArtifactSchema(withLabels.body, 'Artifact');
    expect(withLabels.body.labels.map((l: { name: string }) => l.name)).toEqual(['g-art', 'p-art']);
    expectSchema(withLabels.body.labels, 'Label[]');
    const both = await get(
      stack,
      `${BASE}/app/artifacts?q=${encodeURIComponent(`labels=(${global} ${own})`)}`,
    );
    expect(both.body.map((a: { digest: string }) => a.digest)).toEqual([v1.digest]);
    const notBoth = await get(
      stack,
      `${BASE}/app/artifacts?q=${encodeURIComponent(`labels=(${foreign} ${own})`)}`,
    );
    expect(notBoth.headers.get('x-total-count')).toBe('0');

    expect((await api(stack.core.baseUrl, 'DELETE', `${labels}/${own}`, { as: ADMIN })).status).toBe(200);
    expect((await api(stack.core.baseUrl, 'DELETE', `${labels}/${own}`, { as: ADMIN })).status).toBe(404);
    expect((await api(stack.core.baseUrl, 'DELETE', `${labels}/abc`, { as: ADMIN })).status).toBe(400);
  });

  it('deletes an index with its untagged children: catalogue, trash, registry and audit log', async () => {
    const client = await stack.client('art/multi');
    const deleted = await api(stack.core.baseUrl, 'DELETE', `${BASE}/multi/artifacts/latest`, { as: ADMIN });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    const listed = await get(stack, `${BASE}/multi/artifacts`);
    expect(listed.headers.get('x-total-count')).toBe('0');
    const digests = [multi.digest, ...multi.children.map((c) => c.digest)];
    const trash = await stack.db.query<{ digest: string }>(
      'SELECT digest FROM artifact_trash WHERE repository_name = $1',
      ['art/multi'],
    );
    expect(trash.map((t) => t.digest).sort()).toEqual([...digests].sort());
    for (const digest of digests) {
      expect(
        (
          await client.fetch(`/v2/art/multi/manifests/${digest}`, {
            method: 'HEAD',
            headers: { accept: `${OCI_INDEX}, ${OCI_MANIFEST}` },
          })
        ).status,
      ).toBe(404);
    }
    const logs = await get(
      stack,
      `/audit-logs?q=${encodeURIComponent(`resource=art/multi@${multi.digest}`)}`,
    );
    expect(logs.body).toEqual([
      expect.objectContaining({ operation: 'delete', resource_type: 'artifact', username: 'admin' }),
    ]);
  });

  it('deletes a signed image through /v2 as the API does: image and signature leave the table and go to the trash', async () => {
    const client = await stack.client('art/v2signed');
    const image = await client.pushImage('art/v2signed', 'v1', { layers: [Buffer.from('v2-signed layer')] });
    const size = Buffer.byteLength(JSON.stringify(image.manifest));
    const signed = await pushSignature(client, 'art/v2signed', {
      mediaType: OCI_MANIFEST,
      digest: image.digest,
      size,
    });
    // As in Harbor, the list never shows accessories (not even with base=*): count them in the table.
    const everything = `${BASE}/v2signed/artifacts?q=${encodeURIComponent('base=*')}`;
    expect((await get(stack, everything)).headers.get('x-total-count')).toBe('1');
    const stored = 'SELECT digest FROM artifact WHERE repository_name = $1';
    expect((await stack.db.query(stored, ['art/v2signed'])).length).toBe(2);

    const deleted = await client.fetch(`/v2/art/v2signed/manifests/${image.digest}`, { method: 'DELETE' });
    expect(deleted.status).toBe(202);

    const listed = await get(stack, everything);
    expect(listed.headers.get('x-total-count')).toBe('0');
    expect(await stack.db.query(stored, ['art/v2signed'])).toEqual([]);
    const trash = await stack.db.query<{ digest: string }>(
      'SELECT digest FROM artifact_trash WHERE repository_name = $1',
      ['art/v2signed'],
    );
    expect(trash.map((t) => t.digest).sort()).toEqual([image.digest, signed.digest].sort());
    expect(
      await stack.db.query('SELECT 1 FROM artifact_accessory WHERE subject_artifact_digest = $1', [
        image.digest,
      ]),
    ).toEqual([]);
    // The signature's manifest leaves the registry too (after the commit), as an API delete does.
    const head = await client.fetch(`/v2/art/v2signed/manifests/${signed.digest}`, {
      method: 'HEAD',
      headers: { accept: OCI_MANIFEST },
    });
    expect(head.status).toBe(404);
  });

  it('deletes an artifact with its accessory and labels', async () => {
    expect((await api(stack.core.baseUrl, 'DELETE', `${BASE}/app/artifacts/v1`, { as: ADMIN })).status).toBe(
      200,
    );
    const all = await get(stack, `${BASE}/app/artifacts?q=${encodeURIComponent('base=*')}`);
    expect(all.body.map((a: { digest: string }) => a.digest)).toEqual([v2.digest]);
    expect(
      await stack.db.query('SELECT 1 FROM artifact WHERE digest = ANY($1)', [[v1.digest, signature.digest]]),
    ).toEqual([]);
    expect(
      await stack.db.query(
        'SELECT 1 FROM label_reference lr LEFT JOIN artifact a ON a.id = lr.artifact_id WHERE a.id IS NULL',
      ),
    ).toEqual([]);
    expect(
      (await app.fetch(`/v2/art/app/manifests/${signature.digest}`, { headers: { accept: OCI_MANIFEST } }))
        .status,
    ).toBe(404);
  });

  it('gives the storage of blobs no other artifact of the project uses back to the quota', async () => {
    const usage = async () => {
      const [quota] = (await get(stack, `/quotas?reference_id=${projectId}`)).body;
      return Number(quota.used.storage);
    };
    const client = await stack.client('art/solo');
    const shared = Buffer.from('a layer two artifacts share');
    await client.pushImage('art/solo', 'keep', { layers: [shared, Buffer.from('keep only')] });
    const before = await usage();
    const solo = await client.pushImage('art/solo', 'gone', { layers: [shared, Buffer.from('gone only')] });
    const afterPush = await usage();
    expect(afterPush - before).toBe(solo.size - shared.length);
    expect(
      (
        await api(stack.core.baseUrl, 'DELETE', `/projects/art/repositories/solo/artifacts/gone`, {
          as: ADMIN,
        })
      ).status,
    ).toBe(200);
    expect(await usage()).toBe(before);
    expect((await get(stack, '/projects/art/repositories/solo/artifacts/keep')).status).toBe(200);

    // A delete through /v2 (docker, crane) gives the storage back the same way.
    const viaRegistry = await client.pushImage('art/solo', 'crane', {
      layers: [shared, Buffer.from('crane only')],
    });
    expect(await usage()).toBe(before + viaRegistry.size - shared.length);
    expect(
      (await client.fetch(`/v2/art/solo/manifests/${viaRegistry.digest}`, { method: 'DELETE' })).status,
    ).toBe(202);
    expect(await usage()).toBe(before);
  });

  it('deleting a repository gives back the storage of blobs no other repository of the project uses', async () => {
    const usage = async () => {
      const [quota] = (await get(stack, `/quotas?reference_id=${projectId}`)).body;
      return Number(quota.used.storage);
    };
    const shared = Buffer.from('a layer the kept and the deleted repository share');
    const kept = await stack.client('art/repo-kept');
    await kept.pushImage('art/repo-kept', 'v1', { layers: [shared] });
    const before = await usage();
    const doomed = await stack.client('art/repo-gone');
    const one = await doomed.pushImage('art/repo-gone', 'one', { layers: [shared, Buffer.from('one only')] });
    const two = await doomed.pushImage('art/repo-gone', 'two', { layers: [Buffer.from('two only')] });
    const signature = await pushSignature(doomed, 'art/repo-gone', {
      mediaType: OCI_MANIFEST,
      digest: one.digest,
      size: Buffer.byteLength(JSON.stringify(one.manifest)),
    });
    expect(await usage()).toBeGreaterThan(before);

    const deleted = await api(stack.core.baseUrl, 'DELETE', `${BASE}/repo-gone`, { as: ADMIN });
    expect(deleted.status).toBe(200);
    expect(await usage()).toBe(before);
    expect((await get(stack, `${BASE}/repo-gone`)).status).toBe(404);
    expect((await get(stack, `${BASE}/repo-kept/artifacts/v1`)).status).toBe(200);
    const trash = await stack.db.query<{ digest: string }>(
      'SELECT digest FROM artifact_trash WHERE repository_name = $1',
      ['art/repo-gone'],
    );
    expect(trash.map((t) => t.digest).sort()).toEqual([one.digest, two.digest, signature.digest].sort());
    expect(
      await stack.db.query('SELECT 1 FROM artifact_accessory WHERE subject_artifact_repo = $1', [
        'art/repo-gone',
      ]),
    ).toEqual([]);
  });

  it('refuses deletes and tag changes in read-only mode', async () => {
    const setReadOnly = (value: boolean) =>
      api(stack.core.baseUrl, 'PUT', '/configurations', { as: ADMIN, body: { read_only: value } });
    expect((await setReadOnly(true)).status).toBe(200);
    try {
      const deleted = await api(stack.core.baseUrl, 'DELETE', `${BASE}/app/artifacts/v2`, { as: ADMIN });
      expect(deleted.status).toBe(403);
      expect(deleted.body.errors[0].code).toBe('DENIED');
      expect(
        (
          await api(stack.core.baseUrl, 'POST', `${BASE}/app/artifacts/v2/tags`, {
            as: ADMIN,
            body: { name: 'ro' },
          })
        ).status,
      ).toBe(403);
      expect(
        (await api(stack.core.baseUrl, 'DELETE', `${BASE}/app/artifacts/v2/tags/v2`, { as: ADMIN })).status,
      ).toBe(403);
      expect((await get(stack, `${BASE}/app/artifacts/v2`)).status).toBe(200);
    } finally {
      await setReadOnly(false);
    }
    expect((await get(stack, `${BASE}/app/artifacts/v2`)).body.tags).toHaveLength(1);
  });

  // Last: the registry stays stopped.
  it('leaves the catalogue as it was when the registry fails the delete', async () => {
    await stack.stopRegistry();
    const refused = await api(stack.core.baseUrl, 'DELETE', `${BASE}/app/artifacts/v2`, { as: ADMIN });
    expect(refused.status).toBeGreaterThanOrEqual(500);
    const artifact = await get(stack, `${BASE}/app/artifacts/v2`);
    expect(artifact.status).toBe(200);
    expect(artifact.body.tags.map((t: { name: string }) => t.name)).toEqual(['v2']);
    expect(await stack.db.query('SELECT 1 FROM artifact_trash WHERE digest = $1', [v2.digest])).toEqual([]);
  });
});
