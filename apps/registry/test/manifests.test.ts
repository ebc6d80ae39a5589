import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type TestRegistry } from './harness.js';
import { pushBlob, pushImage, send, sha256 } from './http.js';

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry.close());

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

const put = (name: string, ref: string, body: Buffer | string, contentType: string) =>
  send(registry, 'PUT', `/v2/${name}/manifests/${ref}`, { body, headers: { 'content-type': contentType } });

describe('manifests by tag and digest', () => {
  it('stores byte-exact and serves GET/HEAD with Docker-Content-Digest and the right Content-Type', async () => {
    const { digest, bytes } = await pushImage(registry, 'app/web', 'v1');
    for (const ref of ['v1', digest]) {
      const get = await send(registry, 'GET', `/v2/app/web/manifests/${ref}`);
      expect(get.status).toBe(200);
      expect(get.body.equals(bytes)).toBe(true);
      expect(get.headers['content-type']).toBe(OCI_MANIFEST);
      expect(get.headers['docker-content-digest']).toBe(digest);
      const head = await send(registry, 'HEAD', `/v2/app/web/manifests/${ref}`);
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(String(bytes.length));
      expect(head.headers['docker-content-digest']).toBe(digest);
    }
  });

  it('accepts a push by digest and refuses one whose digest does not match', async () => {
    const { bytes } = await pushImage(registry, 'app/bydigest', 'seed');
    const ok = await put('app/bydigest', sha256(bytes), bytes, OCI_MANIFEST);
    expect(ok.status).toBe(201);
    expect(ok.headers['docker-content-digest']).toBe(sha256(bytes));
    expect(ok.headers.location).toBe(`/v2/app/bydigest/manifests/${sha256(bytes)}`);
    const bad = await put('app/bydigest', sha256('other'), bytes, OCI_MANIFEST);
    expect(bad.status).toBe(400);
    expect(bad.json().errors[0]?.code).toBe('DIGEST_INVALID');
  });

  it('stores Docker schema 2 manifests and manifest lists, OCI indexes too', async () => {
    const config = await pushBlob(registry, 'app/docker', '{"os":"linux"}');
    const layer = await pushBlob(registry, 'app/docker', 'docker layer');
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: DOCKER_MANIFEST,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: config, size: 14 },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: layer, size: 12 }],
    });
    expect((await put('app/docker', 'amd64', manifest, DOCKER_MANIFEST)).status).toBe(201);
    const entry = { mediaType: DOCKER_MANIFEST, digest: sha256(manifest), size: manifest.length, platform: { architecture: 'amd64', os: 'linux' } };
    const list = JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_LIST, manifests: [entry] });
    expect((await put('app/docker', 'latest', list, DOCKER_LIST)).status).toBe(201);
    const got = await send(registry, 'GET', '/v2/app/docker/manifests/latest');
    expect(got.headers['content-type']).toBe(DOCKER_LIST);
    const index = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ ...entry }] });
    expect((await put('app/docker', 'oci-index', index, OCI_INDEX)).status).toBe(201);
    expect((await send(registry, 'GET', '/v2/app/docker/manifests/oci-index')).headers['content-type']).toBe(OCI_INDEX);
  });

  it('refuses mediaType disagreeing with Content-Type, bad JSON and schema 1 (MANIFEST_INVALID)', async () => {
    const { bytes } = await pushImage(registry, 'app/invalid', 'seed');
    for (const [body, type] of [
      [bytes, DOCKER_MANIFEST],
      [Buffer.from('{not json'), OCI_MANIFEST],
      [Buffer.from('{"schemaVersion":1,"name":"x"}'), 'application/vnd.docker.distribution.manifest.v1+json'],
      [Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, layers: [] })), OCI_MANIFEST],
    ] as const) {
      const res = await put('app/invalid', 'bad', body, type);
      expect(res.status).toBe(400);
      expect(res.json().errors[0]?.code).toBe('MANIFEST_INVALID');
    }
  });

  it('refuses manifests referencing unknown blobs or manifests (MANIFEST_BLOB_UNKNOWN)', async () => {
    const config = await pushBlob(registry, 'app/missing', '{}');
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 2 },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256('absent'), size: 6 }],
    });
    const res = await put('app/missing', 'v1', manifest, OCI_MANIFEST);
    expect(res.status).toBe(400);
    expect(res.json().errors[0]?.code).toBe('MANIFEST_BLOB_UNKNOWN');
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [{ mediaType: OCI_MANIFEST, digest: sha256('no manifest'), size: 11 }],
    });
    expect((await put('app/missing', 'idx', index, OCI_INDEX)).json().errors[0]?.code).toBe('MANIFEST_BLOB_UNKNOWN');
  });

  it('answers 413 above the manifest size limit', async () => {
    const big = Buffer.alloc((4 << 20) + 1, 0x20);
    const res = await put('app/big', 'v1', big, OCI_MANIFEST);
    expect(res.status).toBe(413);
  });

  it('answers MANIFEST_UNKNOWN for unknown tags and digests', async () => {
    await pushImage(registry, 'app/unknown', 'v1');
    for (const ref of ['nope', sha256('nothing')]) {
      const res = await send(registry, 'GET', `/v2/app/unknown/manifests/${ref}`);
      expect(res.status).toBe(404);
      expect(res.json().errors[0]?.code).toBe('MANIFEST_UNKNOWN');
    }
  });
});

describe('subject and the referrers API', () => {
  it('returns OCI-Subject on push and lists referrers, filtered by artifactType', async () => {
    const subject = await pushImage(registry, 'app/signed', 'v1');
    const subjectDescriptor = { mediaType: OCI_MANIFEST, digest: subject.digest, size: subject.bytes.length };
    const empty = await pushBlob(registry, 'app/signed', '{}');
    const artifact = (type: string, note: string) =>
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        artifactType: type,
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: empty, size: 2 },
        layers: [{ mediaType: 'application/vnd.oci.empty.v1+json', digest: empty, size: 2 }],
        subject: subjectDescriptor,
        annotations: { note },
      });
    const sbom = artifact('application/vnd.example.sbom', 'sbom');
    const signature = artifact('application/vnd.example.sig', 'sig');
    const pushed = await put('app/signed', sha256(sbom), sbom, OCI_MANIFEST);
    expect(pushed.status).toBe(201);
    expect(pushed.headers['oci-subject']).toBe(subject.digest);
    await put('app/signed', sha256(signature), signature, OCI_MANIFEST);

    const all = await send(registry, 'GET', `/v2/app/signed/referrers/${subject.digest}`);
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toBe(OCI_INDEX);
    const index = all.json<{ manifests: { digest: string; artifactType: string; annotations: object; size: number }[] }>();
    expect(index.manifests.map((m) => m.digest).sort()).toEqual([sha256(sbom), sha256(signature)].sort());
    expect(index.manifests.find((m) => m.digest === sha256(sbom))).toMatchObject({
      artifactType: 'application/vnd.example.sbom',
      annotations: { note: 'sbom' },
      size: sbom.length,
    });
    const filtered = await send(registry, 'GET', `/v2/app/signed/referrers/${subject.digest}?artifactType=application/vnd.example.sig`);
    expect(filtered.headers['oci-filters-applied']).toBe('artifactType');
    expect(filtered.json<{ manifests: { digest: string }[] }>().manifests.map((m) => m.digest)).toEqual([sha256(signature)]);

    await send(registry, 'DELETE', `/v2/app/signed/manifests/${sha256(signature)}`);
    const after = await send(registry, 'GET', `/v2/app/signed/referrers/${subject.digest}`);
    expect(after.json<{ manifests: unknown[] }>().manifests).toHaveLength(1);
    const none = await send(registry, 'GET', `/v2/app/signed/referrers/${sha256('no subject')}`);
    expect(none.status).toBe(200);
    expect(none.json<{ manifests: unknown[] }>().manifests).toEqual([]);
  });
});

describe('tags, catalog and deletion', () => {
  it('lists tags in lexical order with n/last pagination and Link', async () => {
    for (const tag of ['b', 'a', 'C', 'c10', 'c2']) await pushImage(registry, 'list/tags', tag);
    const all = await send(registry, 'GET', '/v2/list/tags/tags/list');
    expect(all.json<{ tags: string[] }>()).toEqual({ name: 'list/tags', tags: ['C', 'a', 'b', 'c10', 'c2'] });
    const first = await send(registry, 'GET', '/v2/list/tags/tags/list?n=2');
    expect(first.json<{ tags: string[] }>().tags).toEqual(['C', 'a']);
    expect(first.headers.link).toBe('</v2/list/tags/tags/list?n=2&last=a>; rel="next"');
    const next = await send(registry, 'GET', '/v2/list/tags/tags/list?n=2&last=a');
    expect(next.json<{ tags: string[] }>().tags).toEqual(['b', 'c10']);
    const last = await send(registry, 'GET', '/v2/list/tags/tags/list?n=2&last=c10');
    expect(last.json<{ tags: string[] }>().tags).toEqual(['c2']);
    expect(last.headers.link).toBeUndefined();
    const zero = await send(registry, 'GET', '/v2/list/tags/tags/list?n=0');
    expect(zero.json<{ tags: string[] }>().tags).toEqual([]);
    expect(zero.headers.link).toBeUndefined();
  });

  it('clamps a huge n and rejects a malformed one', async () => {
    const huge = await send(registry, 'GET', '/v2/list/tags/tags/list?n=99999999999');
    expect(huge.status).toBe(400);
    const large = await send(registry, 'GET', '/v2/list/tags/tags/list?n=9999999');
    expect(large.status).toBe(200);
    for (const n of ['-1', 'abc', '1e9']) {
      expect((await send(registry, 'GET', `/v2/_catalog?n=${n}`)).status).toBe(400);
    }
  });

  it('answers NAME_UNKNOWN for tags of an unknown repository', async () => {
    const res = await send(registry, 'GET', '/v2/no/such/repo/tags/list');
    expect(res.status).toBe(404);
    expect(res.json().errors[0]?.code).toBe('NAME_UNKNOWN');
  });

  it('lists the catalog in lexical order with pagination', async () => {
    const all = (await send(registry, 'GET', '/v2/_catalog?n=1000')).json<{ repositories: string[] }>().repositories;
    expect(all).toEqual([...all].sort());
    expect(all).toContain('list/tags');
    const page = await send(registry, 'GET', '/v2/_catalog?n=2');
    expect(page.json<{ repositories: string[] }>().repositories).toEqual(all.slice(0, 2));
    expect(page.headers.link).toBe(`</v2/_catalog?n=2&last=${encodeURIComponent(all[1] ?? '')}>; rel="next"`);
  });

  it('deletes a tag alone, then a manifest by digest with the tags pointing at it', async () => {
    const { digest } = await pushImage(registry, 'app/del', 'keep');
    await put('app/del', 'drop', (await send(registry, 'GET', '/v2/app/del/manifests/keep')).body, OCI_MANIFEST);
    expect((await send(registry, 'DELETE', '/v2/app/del/manifests/drop')).status).toBe(202);
    expect((await send(registry, 'GET', '/v2/app/del/manifests/drop')).status).toBe(404);
    expect((await send(registry, 'GET', `/v2/app/del/manifests/${digest}`)).status).toBe(200);
    expect((await send(registry, 'DELETE', `/v2/app/del/manifests/${digest}`)).status).toBe(202);
    expect((await send(registry, 'GET', '/v2/app/del/manifests/keep')).status).toBe(404);
    expect((await send(registry, 'GET', `/v2/app/del/manifests/${digest}`)).status).toBe(404);
    expect((await send(registry, 'DELETE', `/v2/app/del/manifests/${digest}`)).status).toBe(404);
  });
});
