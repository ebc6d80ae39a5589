import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoltFile } from '../src/vulndb/bolt-file.js';
import { TrivyAdvisories } from '../src/vulndb/trivy-advisories.js';
import { startAdapter, type AdapterProcess } from './support/adapter-process.js';
import { startDistribution, type Distribution } from './support/distribution.js';
import { layer, pushImage } from './support/image-push.js';
import { expectScannerSchema } from './support/scanner-schema.js';
import { canWriteBolt, writeTrivyDb } from './support/trivy-db.js';
import { DEBIAN_OS_RELEASE } from './fixtures/images.js';

const REPORT = 'application/vnd.security.vulnerability.report; version=1.1';
const robot = `Basic ${Buffer.from('robot:robot-password').toString('base64')}`;

/** osv.dev's records (as its npm and PyPI exports hold them) of two real advisories. */
const OSV_LODASH = {
  id: 'GHSA-35jh-r3h4-6jhm',
  modified: '2024-02-01T00:00:00Z',
  aliases: ['CVE-2021-23337'],
  summary: 'Command Injection in lodash',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }],
  affected: [
    {
      package: { ecosystem: 'npm', name: 'lodash' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
    },
  ],
  references: [{ url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337' }],
};
const OSV_PYYAML = {
  id: 'GHSA-8q59-q68h-6hv4',
  modified: '2024-02-01T00:00:00Z',
  aliases: ['CVE-2020-14343', 'PYSEC-2021-142'],
  summary: 'Improper Input Validation in PyYAML',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
  affected: [
    {
      package: { ecosystem: 'PyPI', name: 'pyyaml' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '5.4' }] }],
    },
  ],
};

/** A Node.js application's files as `npm ci` leaves them, and a Python distribution's metadata. */
const APP_LAYER = {
  'usr/src/app/package-lock.json': JSON.stringify({
    name: 'app',
    version: '1.0.0',
    lockfileVersion: 3,
    packages: {
      '': { name: 'app', version: '1.0.0', dependencies: { lodash: '4.17.20' } },
      'node_modules/lodash': {
        version: '4.17.20',
        resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz',
        license: 'MIT',
      },
    },
  }),
  'usr/src/app/node_modules/lodash/package.json': JSON.stringify({
    name: 'lodash',
    version: '4.17.20',
    main: 'lodash.js',
  }),
  'usr/lib/python3/dist-packages/PyYAML-5.3.1.dist-info/METADATA':
    'Metadata-Version: 2.1\nName: PyYAML\nVersion: 5.3.1\nSummary: YAML parser and emitter for Python\n',
};

interface Vulnerability {
  id: string;
  package: string;
  version: string;
  fix_version: string;
  severity: string;
  links: string[];
  purl?: string;
}

describe('language packages through the adapter’s scan', () => {
  let registry: Distribution;
  let adapter: AdapterProcess;
  let digest: string;

  beforeAll(async () => {
    [registry, adapter] = await Promise.all([
      startDistribution({ robot: 'robot-password' }),
      startAdapter({
        osv: { 'npm.json': JSON.stringify([OSV_LODASH]), 'pypi.json': JSON.stringify(OSV_PYYAML) },
      }),
    ]);
    digest = await pushImage(registry.url, robot, 'library/node-app', '1', [
      await layer({ 'etc/os-release': DEBIAN_OS_RELEASE }),
      await layer(APP_LAYER),
    ]);
  }, 120_000);
  afterAll(async () => {
    await adapter?.stop();
    await registry?.stop();
  });

  it('reports the CVE of a vulnerable npm package and of a Python package, with fix and package URL', async () => {
    const accepted = await fetch(`${adapter.url}/api/v1/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        registry: { url: registry.url, authorization: robot },
        artifact: {
          repository: 'library/node-app',
          digest,
          mime_type: 'application/vnd.oci.image.manifest.v1+json',
        },
      }),
    });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    let answer: Response;
    let polls = 0;
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await fetch(`${adapter.url}/api/v1/scan/${id}/report`, {
        headers: { accept: REPORT },
        redirect: 'manual',
      });
    } while (answer.status === 302 && ++polls < 400);
    expect(answer.status).toBe(200);
    const report = (await answer.json()) as { severity: string; vulnerabilities: Vulnerability[] };
    expectScannerSchema(report, 'HarborVulnerabilityReport');
    expect(
      report.vulnerabilities.map((v) => [v.id, v.package, v.version, v.fix_version, v.severity, v.purl]),
    ).toEqual([
      ['CVE-2020-14343', 'PyYAML', '5.3.1', '5.4', 'Critical', 'pkg:pypi/pyyaml@5.3.1'],
      ['CVE-2021-23337', 'lodash', '4.17.20', '4.17.21', 'High', 'pkg:npm/lodash@4.17.20'],
    ]);
    expect(report.vulnerabilities[1]!.links[0]).toBe('https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm');
    expect(report.severity).toBe('Critical');
  });
});

describe.skipIf(!canWriteBolt() && !process.env.CI)('language advisories in Trivy’s database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trivy-db-lang-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    writeTrivyDb(
      dir,
      {
        'npm::GitHub Security Advisory npm': {
          lodash: {
            'CVE-2021-23337': { VulnerableVersions: ['< 4.17.21'], PatchedVersions: ['4.17.21'] },
            'CVE-2020-8203': { VulnerableVersions: ['>= 3.7.0, < 4.17.19'], PatchedVersions: ['4.17.19'] },
          },
        },
        'pip::GitHub Security Advisory pip': {
          pyyaml: { 'CVE-2020-14343': { VulnerableVersions: ['< 5.4'], PatchedVersions: ['5.4'] } },
        },
        'maven::GitHub Security Advisory Maven': {
          'org.apache.logging.log4j:log4j-core': {
            'CVE-2021-44228': {
              VulnerableVersions: ['>= 2.13.0, < 2.15.0', '>= 2.0-beta9, < 2.12.2'],
              PatchedVersions: ['2.15.0', '2.12.2'],
            },
          },
        },
        'go::GitHub Security Advisory Go': {
          'golang.org/x/text': {
            'CVE-2022-32149': { VulnerableVersions: ['< 0.3.8'], PatchedVersions: ['0.3.8'] },
          },
        },
        vulnerability: {
          'CVE-2021-44228': {
            Title: 'log4j-core: Remote code execution',
            Severity: 'CRITICAL',
            VendorSeverity: { ghsa: 4 },
          },
          'CVE-2021-23337': {
            Title: 'lodash: command injection',
            Severity: 'HIGH',
            VendorSeverity: { ghsa: 3 },
          },
        },
      },
      '2024-06-01T00:00:00Z',
    );
  }, 240_000);

  it('matches npm, PyPI, Maven and Go packages against the ecosystems’ buckets', () => {
    const file = BoltFile.open(join(dir, 'trivy.db'));
    try {
      const trivy = new TrivyAdvisories(file);
      const found = (...args: Parameters<TrivyAdvisories['affectingLibrary']>) =>
        trivy.affectingLibrary(...args).map((a) => [a.id, a.fixedVersion, a.severity]);
      expect(found('npm', 'lodash', '4.17.20')).toEqual([['CVE-2021-23337', '4.17.21', 'High']]);
      expect(found('npm', 'lodash', '4.17.21')).toEqual([]);
      expect(found('PyPI', 'PyYAML', '5.3.1')).toEqual([['CVE-2020-14343', '5.4', 'Unknown']]);
      expect(found('Maven', 'org.apache.logging.log4j:log4j-core', '2.14.1')).toEqual([
        ['CVE-2021-44228', '2.15.0, 2.12.2', 'Critical'],
      ]);
      expect(found('Maven', 'org.apache.logging.log4j:log4j-core', '2.12.2')).toEqual([]);
      expect(found('Go', 'golang.org/x/text', 'v0.3.7')).toEqual([['CVE-2022-32149', '0.3.8', 'Unknown']]);
    } finally {
      file.close();
    }
  });
});
