import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { DEBIAN_OS_RELEASE, DEBIAN_STATUS, OSV_DEBIAN } from './fixtures/images.js';
import { layer, pushImage } from './support/image-push.js';
import { untilOsvLoaded } from './support/osv-loaded.js';

const exec = promisify(execFile);
const REPORT = 'application/vnd.security.vulnerability.report; version=1.1';
const admin = `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`;

/**
 * `./install.sh --native --with-trivy` as a user runs it behind a firewall: the scanner is registered
 * as "Trivy", the OSV export is copied into its folder, and an image pushed to a project that scans
 * on push gets its CVEs, through nginx, core, jobservice and the adapter.
 */
describe('harbor-ts installed --with-trivy', () => {
  let stack: NativeStack;
  let adapter: string;
  let apiKey: string;
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${stack.url}/api/v2.0${path}`, {
      method,
      headers: { authorization: admin, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  beforeAll(async () => {
    stack = await startNativeStack({ withTrivy: true });
    writeFileSync(join(stack.dir, 'data', 'trivy-adapter', 'osv', 'debian.json'), JSON.stringify(OSV_DEBIAN));
    // The adapter looks at its folder every few seconds; wait until it has loaded the export.
    const config = readFileSync(join(stack.dir, 'common', 'config', 'trivy-adapter', 'config.yml'), 'utf8');
    adapter = `http://127.0.0.1:${/port: (\d+)/.exec(config)![1]}`;
    apiKey = /apiKey: (\S+)/.exec(config)![1]!;
    await untilOsvLoaded(async () => {
      const metadata = (await (
        await fetch(`${adapter}/api/v1/metadata`, { headers: { authorization: `Bearer ${apiKey}` } })
      ).json()) as { properties: Record<string, string> };
      return metadata.properties;
    }, OSV_DEBIAN.length);
  }, 300_000);
  afterAll(() => stack?.stop(), 60_000);

  it('registers the adapter as the default, immutable scanner "Trivy", healthy', async () => {
    const scanners = (await api('GET', '/scanners')).body as { name: string; is_default: boolean }[];
    expect(scanners).toEqual([expect.objectContaining({ name: 'Trivy', is_default: true })]);
    const health = (await api('GET', '/health')).body as { components: { name: string; status: string }[] };
    expect(health.components).toContainEqual({ name: 'trivy', status: 'healthy' });
  });

  it('has the adapter refuse callers without the API key prepare generated, which core holds sealed', async () => {
    expect((await fetch(`${adapter}/api/v1/metadata`)).status).toBe(401);
    expect(
      (
        await fetch(`${adapter}/api/v1/metadata`, {
          headers: { authorization: 'Bearer wrong-key-0123456789' },
        })
      ).status,
    ).toBe(401);
    const [trivy] = (await api('GET', '/scanners')).body as Record<string, unknown>[];
    expect(trivy).toMatchObject({ name: 'Trivy', auth: 'Bearer' });
    expect(JSON.stringify(trivy)).not.toContain(apiKey);
    const ping = await api('GET', `/scanners/${String(trivy!.uuid)}/metadata`);
    expect(ping.status).toBe(200);
  });

  it('scans a pushed Debian image on push and reports its CVEs with fixed versions', async () => {
    expect(
      (await api('POST', '/projects', { project_name: 'apps', metadata: { auto_scan: 'true' } })).status,
    ).toBe(201);
    const digest = await pushImage(stack.url, admin, 'apps/debian', '12', [
      await layer({ 'etc/os-release': DEBIAN_OS_RELEASE, 'var/lib/dpkg/status': DEBIAN_STATUS }),
    ]);
    const path = `/projects/apps/repositories/debian/artifacts/${digest}`;
    let overview:
      { report_id?: string; scan_status?: string; severity?: string; scanner?: { name: string } } | undefined;
    for (
      let waited = 0;
      waited < 60_000 && !['Success', 'Error'].includes(overview?.scan_status ?? '');
      waited += 500
    ) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const artifact = (await api('GET', `${path}?with_scan_overview=true`)).body as {
        scan_overview?: Record<string, typeof overview>;
      };
      overview = artifact.scan_overview?.[REPORT];
    }
    const log = await fetch(`${stack.url}/api/v2.0${path}/scan/${overview?.report_id}/log`, {
      headers: { authorization: admin },
    }).then((r) => r.text());
    expect(overview, log).toMatchObject({
      scan_status: 'Success',
      severity: 'Critical',
      scanner: { name: 'harbor-ts scanner' },
    });
    const additions = (await api('GET', `${path}/additions/vulnerabilities`)).body as Record<
      string,
      { vulnerabilities: { id: string; package: string; fix_version: string }[] }
    >;
    expect(additions[REPORT]!.vulnerabilities.map((v) => [v.id, v.package, v.fix_version])).toEqual([
      ['CVE-2023-45853', 'zlib1g', ''],
      ['CVE-2024-0727', 'libssl3', '3.0.13-1~deb12u1'],
      ['CVE-2024-2961', 'libc6', '2.36-9+deb12u7'],
    ]);
  }, 90_000);

  it('blocks pulling it once the project prevents critical images', async () => {
    expect(
      (await api('PUT', '/projects/apps', { metadata: { prevent_vul: 'true', severity: 'critical' } }))
        .status,
    ).toBe(200);
    let refusal = '';
    for (let waited = 0; waited < 5_000 && !refusal; waited += 250) {
      refusal = await exec('skopeo', [
        'inspect',
        '--raw',
        '--tls-verify=false',
        '--creds',
        'admin:Harbor12345',
        `docker://${stack.registryHost}/apps/debian:12`,
      ]).then(
        () => '',
        (error: { stderr?: string }) => error.stderr ?? 'failed',
      );
      if (!refusal) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(refusal).toContain('current image with 3 vulnerabilities cannot be pulled');
  });
});
