import { describe, expect, it } from 'vitest';
import { findVulnerabilities, type ImageContents } from '../scans/findings.js';
import { compareMavenVersions } from '../versions/maven-version.js';
import { compareNpmVersions } from '../versions/semver-version.js';
import { OsvAdvisories } from './osv-advisories.js';
import { OsvDatabase } from './osv-database.js';
import { osvRecordSchema } from './osv-record.js';
import { firstPatched, satisfiesConstraint } from './version-constraints.js';

const record = (
  id: string,
  ecosystem: string,
  name: string,
  type: string,
  events: object[],
  aliases: string[] = [],
) =>
  osvRecordSchema.parse({
    id,
    aliases,
    affected: [{ package: { ecosystem, name }, ranges: [{ type, events }] }],
  });

const osv = new OsvAdvisories(
  new OsvDatabase([
    record(
      'GHSA-jfh8-c2jp-5v3q',
      'Maven',
      'org.apache.logging.log4j:log4j-core',
      'ECOSYSTEM',
      [{ introduced: '2.13.0' }, { fixed: '2.15.0' }, { introduced: '2.0-beta9' }, { fixed: '2.12.2' }],
      ['CVE-2021-44228'],
    ),
    record(
      'GO-2022-1059',
      'Go',
      'golang.org/x/text',
      'SEMVER',
      [{ introduced: '0' }, { fixed: '0.3.8' }],
      ['CVE-2022-32149', 'GHSA-69ch-w2m2-3vjp'],
    ),
    record('GHSA-xxxx-last', 'npm', 'left-pad', 'SEMVER', [
      { introduced: '1.0.0' },
      { last_affected: '1.2.0' },
    ]),
    record(
      'PYSEC-2021-1',
      'PyPI',
      'Django',
      'ECOSYSTEM',
      [{ introduced: '3.2' }, { fixed: '3.2.5' }],
      ['CVE-2021-35042'],
    ),
    record(
      'RLSA-2024:0001',
      'Rocky Linux:9',
      'openssl',
      'ECOSYSTEM',
      [{ introduced: '0' }, { fixed: '1:3.0.7-25.el9_3' }],
      ['CVE-2023-5678'],
    ),
  ]),
);

describe('matching language packages against OSV', () => {
  it('applies each ecosystem’s version order to its ranges', () => {
    const fix = (
      ecosystem: Parameters<OsvAdvisories['affectingLibrary']>[0],
      name: string,
      version: string,
    ) => osv.affectingLibrary(ecosystem, name, version).map((a) => [a.id, a.fixedVersion]);
    expect(fix('Maven', 'org.apache.logging.log4j:log4j-core', '2.14.1')).toEqual([
      ['CVE-2021-44228', '2.15.0'],
    ]);
    expect(fix('Maven', 'org.apache.logging.log4j:log4j-core', '2.12.1')).toEqual([
      ['CVE-2021-44228', '2.12.2'],
    ]);
    expect(fix('Maven', 'org.apache.logging.log4j:log4j-core', '2.12.2')).toEqual([]);
    expect(fix('Maven', 'org.apache.logging.log4j:log4j-core', '2.0-beta8')).toEqual([]);
    // Go's buildinfo versions carry `v`; OSV's Go ranges don't.
    expect(fix('Go', 'golang.org/x/text', 'v0.3.7')).toEqual([['CVE-2022-32149', '0.3.8']]);
    expect(fix('Go', 'golang.org/x/text', 'v0.3.8')).toEqual([]);
    expect(fix('npm', 'left-pad', '1.2.0')).toEqual([['GHSA-xxxx-last', '']]);
    expect(fix('npm', 'left-pad', '1.3.0')).toEqual([]);
    // PyPI names match whatever their case (PEP 503).
    expect(fix('PyPI', 'django', '3.2.4')).toEqual([['CVE-2021-35042', '3.2.5']]);
  });

  it('finds language packages in an image without an os-release, and rpm packages on Rocky Linux', () => {
    const scratch: ImageContents = {
      os: undefined,
      packages: [
        {
          name: 'golang.org/x/text',
          version: 'v0.3.7',
          sourceName: 'golang.org/x/text',
          sourceVersion: 'v0.3.7',
          ecosystem: 'Go',
          type: 'gobinary',
          purl: 'pkg:golang/golang.org/x/text@v0.3.7',
        },
      ],
    };
    expect(findVulnerabilities(scratch, [osv], { ignoreUnfixed: false }).map((f) => [f.id, f.purl])).toEqual([
      ['CVE-2022-32149', 'pkg:golang/golang.org/x/text@v0.3.7'],
    ]);
    const rocky: ImageContents = {
      os: { id: 'rocky', versionId: '9.3' },
      packages: [
        {
          name: 'openssl-libs',
          version: '1:3.0.7-24.el9',
          sourceName: 'openssl',
          sourceVersion: '1:3.0.7-24.el9',
          type: 'rpm',
        },
      ],
    };
    expect(
      findVulnerabilities(rocky, [osv], { ignoreUnfixed: false }).map((f) => [
        f.id,
        f.package,
        f.fix_version,
      ]),
    ).toEqual([['CVE-2023-5678', 'openssl-libs', '1:3.0.7-25.el9_3']]);
  });
});

describe('Trivy’s version constraints', () => {
  it('reads comparators, comma and space conjunctions and || alternatives', () => {
    expect(satisfiesConstraint('4.17.20', '< 4.17.21', compareNpmVersions)).toBe(true);
    expect(satisfiesConstraint('4.17.21', '< 4.17.21', compareNpmVersions)).toBe(false);
    expect(satisfiesConstraint('2.1.0', '>= 2.0.0, < 2.5.1', compareNpmVersions)).toBe(true);
    expect(satisfiesConstraint('3.0.5', '>=1.0.0 <2.0.0 || >=3.0.0 <3.1.0', compareNpmVersions)).toBe(true);
    expect(satisfiesConstraint('2.5.0', '>=1.0.0 <2.0.0 || >=3.0.0 <3.1.0', compareNpmVersions)).toBe(false);
    expect(satisfiesConstraint('2.0-beta9', '>= 2.0-beta9, < 2.12.2', compareMavenVersions)).toBe(true);
    expect(satisfiesConstraint('1.2.3', '1.2.3', compareNpmVersions)).toBe(true);
    expect(firstPatched('>= 4.17.21')).toBe('4.17.21');
  });
});
