import { describe, expect, it } from 'vitest';
import { OsvDatabase } from '../vulndb/osv-database.js';
import { osvRecordSchema } from '../vulndb/osv-record.js';
import { cveOf, OsvAdvisories } from '../vulndb/osv-advisories.js';
import { findVulnerabilities, imageContents } from './findings.js';

const record = (id: string, name: string, events: object[], extra: object = {}) =>
  osvRecordSchema.parse({
    id,
    affected: [{ package: { ecosystem: 'Debian:12', name }, ranges: [{ type: 'ECOSYSTEM', events }] }],
    ...extra,
  });

const image = imageContents(
  new Map([
    ['etc/os-release', Buffer.from('ID=debian\nVERSION_ID="12"\n')],
    [
      'var/lib/dpkg/status',
      Buffer.from(
        'Package: libssl3\nStatus: install ok installed\nSource: openssl\nVersion: 3.0.11-1~deb12u2\n\n' +
          'Package: zlib1g\nStatus: install ok installed\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n',
      ),
    ],
  ]),
);

describe('matching packages against OSV advisories', () => {
  const database = new OsvAdvisories(
    new OsvDatabase([
      record('DEBIAN-CVE-2024-0727', 'openssl', [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }], {
        upstream: ['CVE-2024-0727'],
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H' }],
      }),
      record('DEBIAN-CVE-2023-0001', 'openssl', [{ introduced: '0' }, { fixed: '3.0.9-1' }]),
      record('DEBIAN-CVE-2023-45853', 'zlib', [{ introduced: '0' }], { aliases: ['CVE-2023-45853'] }),
    ]),
  );

  it('finds the advisories of source packages, named by CVE, with the fixed version', () => {
    const findings = findVulnerabilities(image, [database], { ignoreUnfixed: false });
    expect(findings.map((f) => [f.id, f.package, f.version, f.fix_version, f.severity])).toEqual([
      ['CVE-2023-45853', 'zlib1g', '1:1.2.13.dfsg-1', '', 'Unknown'],
      ['CVE-2024-0727', 'libssl3', '3.0.11-1~deb12u2', '3.0.13-1~deb12u1', 'Medium'],
    ]);
    expect(findings[1]!.links[0]).toBe('https://osv.dev/vulnerability/DEBIAN-CVE-2024-0727');
    expect(findings[1]!.preferred_cvss?.score_v3).toBe(5.5);
  });

  it('leaves out findings without a fix when asked', () => {
    expect(findVulnerabilities(image, [database], { ignoreUnfixed: true }).map((f) => f.id)).toEqual([
      'CVE-2024-0727',
    ]);
  });

  it('names a record by its CVE', () => {
    expect(cveOf(osvRecordSchema.parse({ id: 'DEBIAN-CVE-2022-1' }))).toBe('CVE-2022-1');
    expect(cveOf(osvRecordSchema.parse({ id: 'DSA-5000-1', aliases: ['CVE-2021-9'] }))).toBe('CVE-2021-9');
    expect(cveOf(osvRecordSchema.parse({ id: 'GHSA-xxxx' }))).toBe('GHSA-xxxx');
  });
});
