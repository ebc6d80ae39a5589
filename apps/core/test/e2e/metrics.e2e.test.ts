import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { eventually } from '../support/eventually.js';
import { api } from '../support/harbor-client.js';
import { parsePrometheusText, sampleValue } from '../support/prometheus-text.js';
import { OciLayout } from './oci-layout.js';

const exec = promisify(execFile);
const ADMIN = { username: 'admin', password: 'Harbor12345' };

/**
 * harbor.yml's metric block on the native stack: prepare renders it, core listens on metric.port,
 * a push and a pull through nginx are counted with Harbor's labels and show in the project figures,
 * and nginx's public port does not serve the metrics.
 */
describe.skipIf(!existsSync('/usr/bin/skopeo') && !process.env.CI)(
  'Prometheus metrics on the native stack',
  () => {
    let stack: NativeStack;
    let metricsUrl: string;
    const layout = new OciLayout();
    const pulled = mkdtempSync(join(tmpdir(), 'metrics-pull-'));

    beforeAll(async () => {
      const metricPort = await freePort();
      stack = await startNativeStack({ metricPort });
      metricsUrl = `http://127.0.0.1:${metricPort}/metrics`;
    }, 600_000);
    afterAll(async () => {
      await stack?.stop();
      for (const dir of [layout.dir, pulled]) rmSync(dir, { recursive: true, force: true });
    });

    it('counts a push and a pull and reports the project they landed in', async () => {
      const image = layout.image([layout.layer({ 'hello.txt': 'metrics e2e' })]);
      layout.tag(image, 'app');
      const creds = `${ADMIN.username}:${ADMIN.password}`;
      await exec('skopeo', [
        'copy',
        '--dest-tls-verify=false',
        '--dest-creds',
        creds,
        `oci:${layout.dir}:app`,
        `docker://${stack.registryHost}/library/metrics-app:v1`,
      ]);
      await exec('skopeo', [
        'copy',
        '--src-tls-verify=false',
        '--src-creds',
        creds,
        `docker://${stack.registryHost}/library/metrics-app:v1`,
        `oci:${pulled}:x`,
      ]);
      // The pull count is recorded after the response; wait for it before the first (cached) scrape.
      const repository = await eventually(
        () => api(stack.url, 'GET', '/projects/library/repositories/metrics-app', { as: ADMIN }),
        (r) => Number((r.body as { pull_count?: number }).pull_count) > 0,
        10_000,
      );
      const pulls = (repository.body as { pull_count: number }).pull_count;

      const response = await fetch(metricsUrl);
      expect(response.status).toBe(200);
      const samples = parsePrometheusText(await response.text());
      const requests = (labels: Record<string, string>) =>
        sampleValue(samples, 'harbor_core_http_request_total', labels) ?? 0;
      expect(requests({ method: 'PUT', code: '201', operation: 'v2_manifest' })).toBe(1);
      expect(requests({ method: 'GET', code: '200', operation: 'v2_manifest' })).toBeGreaterThanOrEqual(1);
      expect(requests({ method: 'POST', code: '202', operation: 'v2_blob_upload' })).toBeGreaterThanOrEqual(
        1,
      );
      expect(requests({ method: 'GET', code: '200', operation: 'getRepository' })).toBeGreaterThanOrEqual(1);

      const library = { project_name: 'library' };
      expect(sampleValue(samples, 'harbor_project_repo_total', { ...library, public: 'true' })).toBe(1);
      expect(
        sampleValue(samples, 'harbor_project_artifact_total', {
          ...library,
          public: 'true',
          artifact_type: 'IMAGE',
        }),
      ).toBe(1);
      expect(sampleValue(samples, 'harbor_artifact_pulled', library)).toBe(pulls);
      expect(sampleValue(samples, 'harbor_project_quota_usage_byte', library)).toBeGreaterThan(0);
      for (const component of [
        'core',
        'database',
        'redis',
        'registry',
        'registryctl',
        'jobservice',
        'portal',
      ])
        expect(sampleValue(samples, 'harbor_up', { component }), component).toBe(1);
      expect(sampleValue(samples, 'harbor_health')).toBe(1);
    });

    it("does not serve the metrics on nginx's public port", async () => {
      const response = await fetch(`${stack.url}/metrics`);
      expect(await response.text()).not.toContain('harbor_core_http_request_total');
    });
  },
);
