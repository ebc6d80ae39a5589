import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdapter, type AdapterProcess } from './support/adapter-process.js';
import { startDistribution, type Distribution } from './support/distribution.js';
import { layer, pushImage } from './support/image-push.js';
import { expectScannerSchema } from './support/scanner-schema.js';
import {
  ALPINE_OS_RELEASE,
  APK_INSTALLED,
  DEBIAN_OS_RELEASE,
  DEBIAN_STATUS,
  DISTROLESS_TZDATA,
  OSV_ALPINE,
  OSV_DEBIAN,
} from './fixtures/images.js';

const REPORT = 'application/vnd.security.vulnerability.report; version=1.1';
const SCAN_REQUEST = 'application/vnd.scanner.adapter.scan.request+json; version=1.0';
const robot = `Basic ${Buffer.from('robot:robot-password').toString('base64')}`;

interface Vulnerability {
  id: string;
  package: string;
  version: string;
  fix_version: string;
  severity: string;
  links: string[];
}

describe('the built-in scanner through the Pluggable Scanner API', () => {
  let registry: Distribution;
  let adapter: AdapterProcess;
  let debianDigest: string;
  let alpineDigest: string;

  const request = (repository: string, digest: string, authorization = robot) => ({
    registry: { url: registry.url, authorization },
    artifact: { repository, digest, mime_type: 'application/vnd.oci.image.manifest.v1+json' },
    enabled_capabilities: [{ type: 'vulnerability', produces_mime_types: [REPORT] }],
  });
  const submit = (body: unknown) =>
    fetch(`${adapter.url}/api/v1/scan`, {
      method: 'POST',
      headers: { 'content-type': SCAN_REQUEST },
      body: JSON.stringify(body),
    });
  async function report(id: string): Promise<Response> {
    for (let polls = 0; polls < 200; polls++) {
      const answer = await fetch(`${adapter.url}/api/v1/scan/${id}/report`, {
        headers: { accept: REPORT },
        redirect: 'manual',
      });
      if (answer.status !== 302) return answer;
      expect(answer.headers.get('refresh-after')).toMatch(/^\d+$/);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the report never came');
  }
  async function scan(repository: string, digest: string) {
    const accepted = await submit(request(repository, digest));
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    return report(id);
  }

  beforeAll(async () => {
    [registry, adapter] = await Promise.all([startDistribution({ robot: 'robot-password' }), startAdapter()]);
    debianDigest = await pushImage(registry.url, robot, 'library/debian', '12', [
      await layer({ 'etc/os-release': DEBIAN_OS_RELEASE, 'var/lib/dpkg/status': DEBIAN_STATUS }),
      await layer({ 'var/lib/dpkg/status.d/tzdata': DISTROLESS_TZDATA, 'usr/share/doc/readme': 'x' }),
      await layer({ 'var/lib/dpkg/status.d/.wh.tzdata': '' }),
    ]);
    alpineDigest = await pushImage(registry.url, robot, 'library/alpine', '3.19', [
      await layer({ 'etc/os-release': ALPINE_OS_RELEASE, 'lib/apk/db/installed': APK_INSTALLED }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await adapter?.stop();
    await registry?.stop();
  });

  it('says it has no database, and refuses to call an image clean without one', async () => {
    const metadata = await fetch(`${adapter.url}/api/v1/metadata`);
    expect(metadata.headers.get('content-type')).toContain('application/vnd.scanner.adapter.metadata+json');
    const body = (await metadata.json()) as { properties: Record<string, string> };
    expectScannerSchema(body, 'ScannerAdapterMetadata');
    expect(body.properties['harbor.scanner-adapter/vulnerability-database-status']).toBe('missing');
    const failed = await scan('library/debian', debianDigest);
    expect(failed.status).toBe(500);
    const error = await failed.json();
    expectScannerSchema(error, 'ErrorResponse');
    expect((error as { error: { message: string } }).error.message).toMatch(/^no vulnerability database/);
  });

  it('loads OSV exports dropped into its data directory', async () => {
    writeFileSync(join(adapter.dataDir, 'osv', 'debian.json'), JSON.stringify(OSV_DEBIAN));
    writeFileSync(join(adapter.dataDir, 'osv', 'ALPINE-CVE-2024-0727.json'), JSON.stringify(OSV_ALPINE));
    let properties: Record<string, string> = {};
    for (let waited = 0; waited < 15_000; waited += 250) {
      properties = (
        (await (await fetch(`${adapter.url}/api/v1/metadata`)).json()) as {
          properties: Record<string, string>;
        }
      ).properties;
      if (properties['harbor.scanner-adapter/vulnerability-database-status'] !== 'missing') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(properties['harbor.scanner-adapter/vulnerability-database-sources']).toBe('osv (6 records)');
    expect(properties['harbor.scanner-adapter/vulnerability-database-updated-at']).toBe(
      '2024-06-01T00:00:00.000Z',
    );
  }, 20_000);

  it('reports a Debian image’s CVEs by source package, with fixed versions; whited-out packages are gone', async () => {
    const answer = await scan('library/debian', debianDigest);
    expect(answer.status, await answer.clone().text()).toBe(200);
    expect(answer.headers.get('content-type')).toBe(REPORT);
    const body = (await answer.json()) as {
      severity: string;
      vulnerabilities: Vulnerability[];
      artifact: { digest: string };
    };
    expectScannerSchema(body, 'HarborVulnerabilityReport');
    expect(body.artifact.digest).toBe(debianDigest);
    expect(body.vulnerabilities.map((v) => [v.id, v.package, v.version, v.fix_version, v.severity])).toEqual([
      ['CVE-2023-45853', 'zlib1g', '1:1.2.13.dfsg-1', '', 'Negligible'],
      ['CVE-2024-0727', 'libssl3', '3.0.11-1~deb12u2', '3.0.13-1~deb12u1', 'High'],
      ['CVE-2024-2961', 'libc6', '2.36-9+deb12u4', '2.36-9+deb12u7', 'Critical'],
    ]);
    expect(body.severity).toBe('Critical');
    expect(body.vulnerabilities[1]!.links[0]).toBe('https://osv.dev/vulnerability/DEBIAN-CVE-2024-0727');
  });

  it('reports an Alpine image’s CVEs from its apk database', async () => {
    const body = (await (await scan('library/alpine', alpineDigest)).json()) as {
      vulnerabilities: Vulnerability[];
    };
    expect(body.vulnerabilities.map((v) => [v.id, v.package, v.fix_version])).toEqual([
      ['CVE-2024-0727', 'libcrypto3', '3.1.4-r6'],
    ]);
  });

  it('answers bad requests, unknown scans and refused pulls clearly', async () => {
    const invalid = await submit({
      registry: { url: 'ftp://x' },
      artifact: { repository: 'a', digest: 'nope' },
    });
    expect(invalid.status).toBe(422);
    expectScannerSchema(await invalid.json(), 'ErrorResponse');
    const notJson = await fetch(`${adapter.url}/api/v1/scan`, {
      method: 'POST',
      headers: { 'content-type': SCAN_REQUEST },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toBe(
      'application/vnd.scanner.adapter.error+json; version=1.0',
    );
    expectScannerSchema(await notJson.json(), 'ErrorResponse');
    expect((await fetch(`${adapter.url}/api/v1/scan/nope/report`)).status).toBe(404);
    const wrong = `Basic ${Buffer.from('robot:wrong').toString('base64')}`;
    const accepted = await submit(request('library/debian', debianDigest, wrong));
    const refused = await report(((await accepted.json()) as { id: string }).id);
    expect(refused.status).toBe(500);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'answered 401',
    );
  });
});

describe('the adapter’s API key', () => {
  let adapter: AdapterProcess;
  beforeAll(async () => {
    adapter = await startAdapter({ apiKey: 'a-key-of-sixteen-chars' });
  });
  afterAll(() => adapter?.stop());

  it('is required in either header Harbor sends', async () => {
    expect((await fetch(`${adapter.url}/api/v1/metadata`)).status).toBe(401);
    expect(
      (
        await fetch(`${adapter.url}/api/v1/metadata`, {
          headers: { authorization: 'Bearer a-key-of-sixteen-chars' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await fetch(`${adapter.url}/api/v1/metadata`, {
          headers: { 'x-scanneradapter-api-key': 'a-key-of-sixteen-chars' },
        })
      ).status,
    ).toBe(200);
  });
});

describe('a registry that stops answering', () => {
  let adapter: AdapterProcess;
  let stalled: Server;
  let url = '';
  beforeAll(async () => {
    // Answers the ping and the manifest's headers, then never sends the body.
    stalled = createServer((req, res) => {
      if (req.url === '/v2/') return res.end('{}');
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      res.write('{');
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
    adapter = await startAdapter({ timeoutMs: 1500, osv: { 'debian.json': JSON.stringify(OSV_DEBIAN) } });
  });
  afterAll(async () => {
    await adapter?.stop();
    stalled?.closeAllConnections();
    await new Promise((resolve) => stalled?.close(resolve));
  });

  it('ends the scan at the timeout with a message saying so', async () => {
    const accepted = await fetch(`${adapter.url}/api/v1/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        registry: { url },
        artifact: { repository: 'a/b', digest: `sha256:${'a'.repeat(64)}` },
      }),
    });
    const { id } = (await accepted.json()) as { id: string };
    let answer: Response;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await fetch(`${adapter.url}/api/v1/scan/${id}/report`, { redirect: 'manual' });
    } while (answer.status === 302);
    expect(answer.status).toBe(500);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toBe(
      'the scan took longer than 1.5 s',
    );
  });
});
