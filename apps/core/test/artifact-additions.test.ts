import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api } from './support/harbor-client.js';
import { createProject, createUser } from './support/fixtures.js';
import { pushManifestOf, pushHelmChart } from './support/artifact-pushes.js';
import { OCI_MANIFEST, startArtifactStack, type ArtifactStack } from './support/artifact-stack.js';
import { expectSchema } from './support/swagger-schema.js';
import type { OciClient } from './support/oci-client.js';

const IMAGE_CONFIG = 'application/vnd.oci.image.config.v1+json';
const LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
const COSIGN = 'application/vnd.dev.cosign.artifact.sig.v1+json';
const BASE = '/projects/adds/repositories';

const HISTORY = [
  { created: '2024-01-02T03:04:05Z', created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
  { created: '2024-01-02T03:04:06Z', created_by: '/bin/sh -c #(nop)  CMD ["sh"]', empty_layer: true },
];
const CHART_YAML = `apiVersion: v2
name: web
version: 1.2.3
dependencies:
  - name: redis
    version: 17.0.0
    repository: https://charts.example.com
    condition: redis.enabled
`;
const VALUES = 'replicaCount: 2\nimage:\n  repository: nginx\n';
const README = '# web\n\nA tiny chart.\n';

describe('artifact additions and accessories over real pushes', () => {
  let stack: ArtifactStack;
  let client: OciClient;
  let image: { digest: string; bytes: Buffer };
  let chart: { digest: string };
  let signature: { digest: string; bytes: Buffer };
  let outsider: { username: string; password: string };
  const get = (path: string, as: typeof ADMIN | null = ADMIN) =>
    api(stack.core.baseUrl, 'GET', path, as ? { as } : {});

  beforeAll(async () => {
    stack = await startArtifactStack('additions');
    await createProject(stack.core.baseUrl, 'adds');
    outsider = await createUser(stack.core.baseUrl, 'adds-outsider');
    client = await stack.client('adds/app');
    const config = (history?: object[]) =>
      Buffer.from(
        JSON.stringify({
          architecture: 'amd64',
          os: 'linux',
          rootfs: { type: 'layers', diff_ids: [] },
          ...(history ? { history } : {}),
        }),
      );
    image = await pushManifestOf(client, 'adds/app', 'v1', {
      configMediaType: IMAGE_CONFIG,
      config: config([...HISTORY.slice(0, 1), { ...HISTORY[1], author: '', comment: '' }]),
      layers: [{ mediaType: LAYER, data: Buffer.from('app layer') }],
    });
    await pushManifestOf(client, 'adds/app', 'bare', {
      configMediaType: IMAGE_CONFIG,
      config: config(),
      layers: [{ mediaType: LAYER, data: Buffer.from('bare layer') }],
    });
    signature = await pushManifestOf(client, 'adds/app', undefined, {
      configMediaType: 'application/vnd.oci.empty.v1+json',
      config: Buffer.from('{}'),
      layers: [
        {
          mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
          data: Buffer.from('{"critical":{}}'),
        },
      ],
      artifactType: COSIGN,
      subject: { mediaType: OCI_MANIFEST, digest: image.digest, size: image.bytes.length },
    });
    chart = await pushHelmChart(await stack.client('adds/web'), 'adds/web', '1.2.3', {
      'Chart.yaml': CHART_YAML,
      'values.yaml': VALUES,
      'README.md': README,
      'templates/deployment.yaml': 'kind: Deployment\n',
      // A nested file of the same name is not the chart's own values.
      'charts/sub/values.yaml': 'nested: true\n',
    });
  }, 90_000);
  afterAll(() => stack?.close());

  it("answers build_history with the image config's history, as Harbor re-encodes it", async () => {
    const response = await get(`${BASE}/app/artifacts/v1/additions/build_history`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.body).toEqual(HISTORY);
    const byDigest = await get(`${BASE}/app/artifacts/${image.digest}/additions/build_history`);
    expect(byDigest.body).toEqual(HISTORY);
    const none = await get(`${BASE}/app/artifacts/bare/additions/build_history`);
    expect(none.status).toBe(200);
    expect(none.body).toBeNull();
  });

  it("answers a chart's values.yaml, readme.md and dependencies from its archive", async () => {
    const values = await get(`${BASE}/web/artifacts/1.2.3/additions/values.yaml`);
    expect(values.status).toBe(200);
    expect(values.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(values.body).toBe(VALUES);
    const readme = await get(`${BASE}/web/artifacts/${chart.digest}/additions/readme.md`);
    expect(readme.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(readme.body).toBe(README);
    const dependencies = await get(`${BASE}/web/artifacts/1.2.3/additions/dependencies`);
    expect(dependencies.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(dependencies.body).toEqual([
      {
        name: 'redis',
        version: '17.0.0',
        repository: 'https://charts.example.com',
        condition: 'redis.enabled',
      },
    ]);
  });

  it('refuses additions that do not apply, unknown names, and callers without access', async () => {
    expect((await get(`${BASE}/app/artifacts/v1/additions/values.yaml`)).status).toBe(400);
    expect((await get(`${BASE}/app/artifacts/v1/additions/sbom`)).status).toBe(400);
    expect((await get(`${BASE}/web/artifacts/1.2.3/additions/build_history`)).status).toBe(400);
    const unknown = await get(`${BASE}/app/artifacts/v1/additions/secrets`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].code).toBe('BAD_REQUEST');
    expect((await get(`${BASE}/app/artifacts/v9/additions/build_history`)).status).toBe(404);
    expect((await get(`${BASE}/app/artifacts/v1/additions/build_history`, null)).status).toBe(401);
    expect((await get(`${BASE}/app/artifacts/v1/additions/build_history`, outsider)).status).toBe(403);
  });

  it('lists the accessories of an artifact with paging and a q allowlist', async () => {
    const listed = await get(`${BASE}/app/artifacts/v1/accessories`);
    expect(listed.status).toBe(200);
    expectSchema(listed.body, 'Accessory[]');
    expect(listed.headers.get('x-total-count')).toBe('1');
    const [signatureRow] = await stack.db.query<{ id: number }>('SELECT id FROM artifact WHERE digest = $1', [
      signature.digest,
    ]);
    const [subjectRow] = await stack.db.query<{ id: number }>('SELECT id FROM artifact WHERE digest = $1', [
      image.digest,
    ]);
    expect(listed.body).toEqual([
      {
        id: expect.any(Number),
        artifact_id: signatureRow!.id,
        subject_artifact_id: subjectRow!.id,
        subject_artifact_digest: image.digest,
        subject_artifact_repo: 'adds/app',
        size: expect.any(Number),
        digest: signature.digest,
        type: 'signature.cosign',
        icon: expect.stringMatching(/^sha256:/),
        creation_time: expect.any(String),
      },
    ]);
    expect((await get(`${BASE}/app/artifacts/v1/accessories?q=type%3Dsignature.cosign`)).body).toHaveLength(
      1,
    );
    const sboms = await get(`${BASE}/app/artifacts/v1/accessories?q=type%3Dsbom.harbor`);
    expect(sboms.body).toEqual([]);
    expect(sboms.headers.get('x-total-count')).toBe('0');
    expect((await get(`${BASE}/app/artifacts/bare/accessories`)).body).toEqual([]);
    // As Harbor: keys and sort fields the list does not know are ignored, never matched or leaked.
    for (const ignored of ['q=subject_artifact_repo%3Dx', 'sort=password']) {
      expect((await get(`${BASE}/app/artifacts/v1/accessories?${ignored}`)).body).toHaveLength(1);
    }
    expect((await get(`${BASE}/app/artifacts/v1/accessories?page_size=101`)).status).toBe(422);
    expect((await get(`${BASE}/app/artifacts/v9/accessories`)).status).toBe(404);
    expect((await get(`${BASE}/app/artifacts/v1/accessories`, outsider)).status).toBe(403);
  });
});
