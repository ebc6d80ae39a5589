import { describe, expect, it } from 'vitest';
import { compareMavenVersions } from './maven-version.js';
import { comparePep440Versions } from './pep440-version.js';
import { compareGoVersions, compareNpmVersions } from './semver-version.js';

/** Every adjacent pair of an ascending list compares as "less", and each version equals itself. */
function expectAscending(compare: (a: string, b: string) => number, versions: string[]): void {
  for (let i = 0; i + 1 < versions.length; i++) {
    expect([versions[i], versions[i + 1], compare(versions[i]!, versions[i + 1]!)]).toEqual([
      versions[i],
      versions[i + 1],
      -1,
    ]);
    expect(compare(versions[i + 1]!, versions[i]!)).toBe(1);
  }
  for (const version of versions) expect(compare(version, version)).toBe(0);
}

describe('language version orders', () => {
  it("npm: semver 2.0.0 precedence (the specification's own example)", () => {
    expectAscending(compareNpmVersions, [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.2.0',
      '4.17.20',
      '4.17.21',
      '10.0.0',
    ]);
    expect(compareNpmVersions('1.0.0+build.5', '1.0.0')).toBe(0);
  });

  it('Go: v-prefixed semver with pseudo-versions and +incompatible', () => {
    expectAscending(compareGoVersions, [
      'v0.0.0-20190101000000-aaaaaaaaaaaa',
      'v0.0.0-20210101000000-bbbbbbbbbbbb',
      'v0.1.0',
      'v0.3.7',
      'v0.3.8',
      'v1.2.3-pre',
      'v1.2.3',
      'v1.2.4-0.20220101000000-cccccccccccc',
      'v1.2.4',
      'v2.0.0+incompatible',
      'v2.1.0',
    ]);
  });

  it("PyPI: PEP 440 (the specification's summary ordering)", () => {
    expectAscending(comparePep440Versions, [
      '1.dev0',
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.15',
      '1.1.dev1',
      '2.0',
      '1!0.5',
    ]);
    expect(comparePep440Versions('1.0', '1.0.0')).toBe(0);
    expect(comparePep440Versions('1.0RC1', '1.0rc1')).toBe(0);
  });

  it("Maven: ComparableVersion (the order Maven's own tests list)", () => {
    expectAscending(compareMavenVersions, [
      '1-alpha2snapshot',
      '1-alpha2',
      '1-alpha-123',
      '1-beta-2',
      '1-beta123',
      '1-m2',
      '1-m11',
      '1-rc',
      '1-cr2',
      '1-rc123',
      '1-SNAPSHOT',
      '1',
      '1-sp',
      '1-sp2',
      '1-sp123',
      '1-abc',
      '1-def',
      '1-pom-1',
      '1-1-snapshot',
      '1-1',
      '1-2',
      '1-123',
    ]);
    expectAscending(compareMavenVersions, ['2.9.10', '2.9.10.1', '2.9.10.8', '2.10.0', '2.12.7.1', '2.13.4']);
    for (const [a, b] of [
      ['1', '1.0'],
      ['1', '1.0.0'],
      ['1-ga', '1'],
      ['1.0.final', '1'],
      ['1a1', '1-alpha-1'],
      ['1cr', '1rc'],
      ['1.0.0-RELEASE', '1'],
    ])
      expect([a, b, compareMavenVersions(a!, b!)]).toEqual([a, b, 0]);
  });
});
