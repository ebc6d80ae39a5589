import { compareApkVersions } from '../versions/apk-version.js';
import { compareDpkgVersions } from '../versions/dpkg-version.js';
import { compareMavenVersions } from '../versions/maven-version.js';
import { comparePep440Versions } from '../versions/pep440-version.js';
import { compareRpmVersions } from '../versions/rpm-version.js';
import { compareGoVersions, compareNpmVersions } from '../versions/semver-version.js';
import type { OsvAffected } from './osv-record.js';

export type Compare = (a: string, b: string) => number;

const COMPARATORS: Record<string, Compare> = {
  Debian: compareDpkgVersions,
  Ubuntu: compareDpkgVersions,
  Alpine: compareApkVersions,
  'Rocky Linux': compareRpmVersions,
  AlmaLinux: compareRpmVersions,
  'Red Hat': compareRpmVersions,
  openSUSE: compareRpmVersions,
  SUSE: compareRpmVersions,
  npm: compareNpmVersions,
  PyPI: comparePep440Versions,
  Go: compareGoVersions,
  Maven: compareMavenVersions,
};

/** The version order of an OSV ecosystem, for those harbor-ts scans. */
export function comparatorOf(ecosystem: string): Compare | undefined {
  return COMPARATORS[ecosystem.split(':')[0]!];
}

/**
 * Whether `version` is affected, by OSV's rules: listed in `versions`, or inside an ECOSYSTEM or SEMVER range
 * (after an `introduced`, before the next `fixed` or past no `last_affected`). Returns the fixed
 * version of the range it falls in ('' when none is known), or undefined when not affected.
 */
export function affectedFix(affected: OsvAffected, version: string, compare: Compare): string | undefined {
  if (affected.versions?.includes(version)) return '';
  for (const range of affected.ranges ?? []) {
    // SEMVER ranges (npm, Go) order versions as those ecosystems' own comparators do; GIT ones need a repository.
    if (range.type !== 'ECOSYSTEM' && range.type !== 'SEMVER') continue;
    let inside = false;
    let fix = '';
    for (const event of range.events) {
      if (event.introduced !== undefined) {
        if (event.introduced === '0' || compare(version, event.introduced) >= 0) inside = true;
      } else if (event.fixed !== undefined) {
        if (compare(version, event.fixed) >= 0) inside = false;
        else if (inside) {
          fix = event.fixed;
          break;
        }
      } else if (event.last_affected !== undefined) {
        if (compare(version, event.last_affected) > 0) inside = false;
        else if (inside) break;
      }
    }
    if (inside) return fix;
  }
  return undefined;
}
