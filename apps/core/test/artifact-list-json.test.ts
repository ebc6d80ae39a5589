import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api } from './support/harbor-client.js';
import { createProject } from './support/fixtures.js';
import {
  pushIndex,
  pushSignature,
  startArtifactStack,
  type ArtifactStack,
} from './support/artifact-stack.js';

/**
 * The artifact listing's page is JSON written by Postgres; a get by digest still builds its artifact in
 * core (toArtifact). Both must give the same artifact: same fields, values and key order.
 */
const FLAGS = [
  '',
  'with_tag=false',
  'with_tag=true&with_label=true&with_scan_overview=true',
  'with_accessory=true&with_inherited_accessory=true&with_sbom_overview=true&with_label=true',
  'with_tag=true&with_label=true&with_scan_overview=true&with_accessory=true&with_immutable_status=true',
];

describe('artifact listing written by Postgres', () => {
  let stack: ArtifactStack;
  const get = (path: string) => api(stack.core.baseUrl, 'GET', path, { as: ADMIN });
  const base = '/projects/lj/repositories';

  beforeAll(async () => {
    stack = await startArtifactStack('artifact-list-json');
    const projectId = await createProject(stack.core.baseUrl, 'lj');
    const app = await stack.client('lj/app');
    const v1 = await app.pushImage('lj/app', 'v1', { layers: [Buffer.from('v1')] });
    await app.pushImage('lj/app', 'v2', { layers: [Buffer.from('v2')] });
    await app.pushManifest('lj/app', 'also-v1', v1.manifest, 'application/vnd.oci.image.manifest.v1+json');
    const subject = {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: v1.digest,
      size: Buffer.byteLength(JSON.stringify(v1.manifest)),
    };
    await pushSignature(app, 'lj/app', subject);
    const multi = await pushIndex(await stack.client('lj/team/multi'), 'lj/team/multi', 'latest');
    await pushSignature(await stack.client('lj/team/multi'), 'lj/team/multi', {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      digest: multi.digest,
      size: 1,
    });
    for (const body of [
      { name: 'g-json', scope: 'g', color: '#fff' },
      { name: 'p-json "quoted" é', scope: 'p', project_id: projectId, description: 'line\nbreak' },
    ]) {
      const created = await api(stack.core.baseUrl, 'POST', '/labels', { as: ADMIN, body });
      const id = Number(created.headers.get('location')?.split('/').pop());
      await api(stack.core.baseUrl, 'POST', `${base}/app/artifacts/v1/labels`, { as: ADMIN, body: { id } });
    }
    // Times with microseconds (truncated to milliseconds, as toISOString does), annotations, a scan report.
    await stack.db.query(
      `UPDATE artifact SET pull_time = '2026-01-02 03:04:05.678999+00', annotations = '{"org.b":"x","a":"y"}'
        WHERE digest = $1`,
      [v1.digest],
    );
    await stack.db.query(`UPDATE tag SET pull_time = '2026-01-02 03:04:05.9+00' WHERE name = 'v1'`);
    await stack.db.query(
      `INSERT INTO scanner_registration (uuid, url, name, is_default) VALUES ('json-scanner', 'http://scanner.invalid', 'json', true)`,
    );
    await stack.db.query(
      `INSERT INTO scan_report (uuid, digest, registration_uuid, mime_type, severity, summary, total_cnt, fixable_cnt,
         report, scanner, start_time, end_time)
       VALUES ('json-report', $1, 'json-scanner', 'application/vnd.security.vulnerability.report; version=1.1', 'High',
         '{"High": 2, "Low": 1}', 3, 1, '{}', '{"name": "Trivy", "vendor": "Aqua", "version": "1"}',
         '2026-01-02 03:04:05.123456+00', '2026-01-02 03:04:09.5+00')`,
      [v1.digest],
    );
  }, 90_000);
  afterAll(() => stack?.close());

  it.each(FLAGS)('lists each artifact as a get by digest shows it (%s)', async (flags) => {
    for (const [repository, q] of [
      ['app', ''],
      ['team%252Fmulti', ''],
      ['team%252Fmulti', `&q=${encodeURIComponent('base=*')}`],
    ] as const) {
      const listed = await get(`${base}/${repository}/artifacts?${flags}${q}`);
      expect(listed.status).toBe(200);
      expect(listed.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const items = listed.body as { digest: string }[];
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        const single = await get(`${base}/${repository}/artifacts/${item.digest}?${flags}`);
        expect(JSON.stringify(item)).toBe(JSON.stringify(single.body));
      }
    }
  });

  it('formats times, annotations, labels and the scan overview as before', async () => {
    const listed = await get(`${base}/app/artifacts?with_label=true&with_scan_overview=true`);
    const v1 = (listed.body as { tags: { name: string }[] }[]).find((a) =>
      a.tags.some((t) => t.name === 'v1'),
    );
    expect(v1).toMatchObject({
      pull_time: '2026-01-02T03:04:05.678Z',
      annotations: { a: 'y', 'org.b': 'x' },
      labels: [
        expect.objectContaining({ name: 'g-json', description: '', scope: 'g' }),
        expect.objectContaining({ name: 'p-json "quoted" é', description: 'line\nbreak', scope: 'p' }),
      ],
      scan_overview: {
        'application/vnd.security.vulnerability.report; version=1.1': expect.objectContaining({
          report_id: 'json-report',
          severity: 'High',
          duration: 4,
          scan_status: 'Pending',
          summary: { total: 3, fixable: 1, summary: { High: 2, Low: 1 } },
        }),
      },
    });
    const tag = (v1!.tags as { name: string; pull_time: string }[]).find((t) => t.name === 'v1');
    expect(tag?.pull_time).toBe('2026-01-02T03:04:05.900Z');
  });

  it('gives an empty page, its total and links, and 404 for a missing repository', async () => {
    const empty = await get(`${base}/app/artifacts?page=9&page_size=1`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual([]);
    expect(empty.headers.get('x-total-count')).toBe('2');
    expect(empty.headers.get('link')).toBeNull();
    const first = await get(`${base}/app/artifacts?page=1&page_size=1`);
    expect(first.headers.get('link')).toBe(
      '</api/v2.0/projects/lj/repositories/app/artifacts?page=2&page_size=1>; rel="next"',
    );
    expect((await get(`${base}/nothing/artifacts`)).status).toBe(404);
    expect((await api(stack.core.baseUrl, 'GET', `${base}/nothing/artifacts`)).status).toBe(401);
  });

  it("names Harbor's built-in icons by type and serves them to anyone as 50×50 PNGs", async () => {
    const IMAGE_ICON = 'sha256:0048162a053eef4d4ce3fe7518615bef084403614f8bca43b40ae2e762e11e06';
    const COSIGN_ICON = 'sha256:20401d5b3a0f6dbc607c8d732eb08471af4ae6b19811a4efce8c6a724aed2882';
    type Listed = { icon: string; accessories: { type: string; icon: string }[] };
    const listed = (await get(`${base}/app/artifacts?with_accessory=true`)).body as Listed[];
    expect(listed.map((a) => a.icon)).toEqual([IMAGE_ICON, IMAGE_ICON]);
    const signed = listed.find((a) => a.accessories.length > 0);
    expect(signed?.accessories).toEqual([
      expect.objectContaining({ type: 'signature.cosign', icon: COSIGN_ICON }),
    ]);
    const multi = (await get(`${base}/team%252Fmulti/artifacts`)).body as Listed[];
    expect(multi.map((a) => a.icon)).toEqual([IMAGE_ICON]);

    const icon = await api(stack.core.baseUrl, 'GET', `/icons/${IMAGE_ICON}`); // no credentials
    expect(icon.status).toBe(200);
    const body = icon.body as Record<string, string>;
    expect(body['content-type']).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(body.content!, 'base64'));
    expect([png.width, png.height]).toEqual([50, 50]);
    const missing = await api(stack.core.baseUrl, 'GET', `/icons/sha256:${'f'.repeat(64)}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      errors: [{ code: 'NOT_FOUND', message: `the icon sha256:${'f'.repeat(64)} not found` }],
    });
  });
});
