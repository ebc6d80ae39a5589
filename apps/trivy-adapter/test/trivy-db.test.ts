import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoltFile } from '../src/vulndb/bolt-file.js';
import { TrivyAdvisories } from '../src/vulndb/trivy-advisories.js';
import { startAdapter, type AdapterProcess } from './support/adapter-process.js';
import { startDistribution, type Distribution } from './support/distribution.js';
import { layer, pushImage } from './support/image-push.js';
import { canWriteBolt, writeTrivyDb } from './support/trivy-db.js';
import { DEBIAN_OS_RELEASE, DEBIAN_STATUS } from './fixtures/images.js';

const REPORT = 'application/vnd.security.vulnerability.report; version=1.1';
const robot = `Basic ${Buffer.from('robot:robot-password').toString('base64')}`;

/** A Trivy database as its buckets hold it; hundreds of filler packages force branch pages. */
function trivyBuckets() {
  const filler = Object.fromEntries(
    Array.from({ length: 600 }, (_, i) => [
      `filler-package-${String(i).padStart(4, '0')}`,
      { [`CVE-2020-${1000 + i}`]: { FixedVersion: '1.0-1' } },
    ]),
  );
  return {
    'debian 12': {
      ...filler,
      openssl: {
        'CVE-2024-0727': { FixedVersion: '3.0.13-1~deb12u1' },
        'CVE-2023-5678': { FixedVersion: '3.0.11-1~deb12u1' },
      },
      zlib: { 'CVE-2023-45853': { Status: 3, Severity: 1 } },
      glibc: { 'CVE-2024-2961': { FixedVersion: '2.36-9+deb12u7' } },
    },
    'alpine 3.19': { openssl: { 'CVE-2024-0727': { FixedVersion: '3.1.4-r6' } } },
    vulnerability: {
      'CVE-2024-0727': {
        Title: 'openssl: denial of service via null dereference',
        Severity: 'MEDIUM',
        VendorSeverity: { debian: 1, nvd: 2 },
        CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H', V3Score: 5.5 } },
        References: ['https://www.openssl.org/news/secadv/20240125.txt'],
      },
      'CVE-2024-2961': {
        Title: 'glibc: iconv buffer overflow',
        Severity: 'HIGH',
        VendorSeverity: { nvd: 3 },
      },
    },
  };
}

describe.skipIf(!canWriteBolt() && !process.env.CI)('Trivy’s database (trivy.db) read directly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trivy-db-'));
  let registry: Distribution;
  let adapter: AdapterProcess;
  let digest: string;

  beforeAll(async () => {
    writeTrivyDb(join(dir, 'db'), trivyBuckets(), '2024-06-01T00:00:00Z');
    [registry, adapter] = await Promise.all([startDistribution({ robot: 'robot-password' }), startAdapter()]);
    writeTrivyDb(join(adapter.dataDir, 'trivy', 'db'), trivyBuckets(), '2024-06-01T00:00:00Z');
    digest = await pushImage(registry.url, robot, 'library/debian', '12', [
      await layer({ 'etc/os-release': DEBIAN_OS_RELEASE, 'var/lib/dpkg/status': DEBIAN_STATUS }),
    ]);
  }, 240_000);
  afterAll(async () => {
    await adapter?.stop();
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a package’s advisories through branch pages and inline buckets', () => {
    const file = BoltFile.open(join(dir, 'db', 'trivy.db'));
    try {
      const debian = file.root().bucket('debian 12')!;
      expect([...debian.entries()].length).toBe(603);
      expect(debian.bucket('filler-package-0599')!.get('CVE-2020-1599')!.toString()).toBe(
        '{"FixedVersion":"1.0-1"}',
      );
      const advisories = new TrivyAdvisories(file).affecting(
        { id: 'debian', versionId: '12' },
        'openssl',
        '3.0.11-1~deb12u2',
      );
      expect(advisories.map((a) => [a.id, a.fixedVersion, a.severity, a.cvss?.score_v3])).toEqual([
        ['CVE-2024-0727', '3.0.13-1~deb12u1', 'Low', 5.5],
      ]);
    } finally {
      file.close();
    }
  });

  it('scans with trivy.db copied where Harbor’s offline guide puts it', async () => {
    const metadata = (await (await fetch(`${adapter.url}/api/v1/metadata`)).json()) as {
      properties: Record<string, string>;
    };
    expect(metadata.properties['harbor.scanner-adapter/vulnerability-database-sources']).toBe('trivy.db');
    expect(metadata.properties['harbor.scanner-adapter/vulnerability-database-updated-at']).toBe(
      '2024-06-01T00:00:00.000Z',
    );
    const accepted = await fetch(`${adapter.url}/api/v1/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        registry: { url: registry.url, authorization: robot },
        artifact: { repository: 'library/debian', digest },
      }),
    });
    const { id } = (await accepted.json()) as { id: string };
    let answer: Response;
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await fetch(`${adapter.url}/api/v1/scan/${id}/report`, {
        headers: { accept: REPORT },
        redirect: 'manual',
      });
    } while (answer.status === 302);
    const report = (await answer.json()) as {
      vulnerabilities: { id: string; package: string; fix_version: string; severity: string }[];
    };
    expect(report.vulnerabilities.map((v) => [v.id, v.package, v.fix_version, v.severity])).toEqual([
      ['CVE-2023-45853', 'zlib1g', '', 'Low'],
      ['CVE-2024-0727', 'libssl3', '3.0.13-1~deb12u1', 'Low'],
      ['CVE-2024-2961', 'libc6', '2.36-9+deb12u7', 'High'],
    ]);
  });
});
