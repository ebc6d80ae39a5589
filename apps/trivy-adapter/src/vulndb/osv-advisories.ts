import type { LanguageEcosystem, OsRelease } from '../analyzers/installed-package.js';
import { osvEcosystem } from '../analyzers/os-release.js';
import type { Advisory, AdvisorySource } from './advisory.js';
import type { OsvDatabase } from './osv-database.js';
import { affectedFix, comparatorOf } from './osv-match.js';
import type { OsvRecord } from './osv-record.js';
import { severityOf } from './osv-severity.js';

const CVE = /^CVE-\d{4}-\d+$/;

/** The CVE a record is about, when it names one (OSV's Debian records are `DEBIAN-CVE-…`). */
export function cveOf(record: OsvRecord): string {
  if (CVE.test(record.id)) return record.id;
  const named = [...(record.upstream ?? []), ...(record.aliases ?? [])].find((id) => CVE.test(id));
  return named ?? record.id.replace(/^[A-Z]+-(?=CVE-\d{4}-\d+$)/, '');
}

/** Advisories from OSV exports. */
export class OsvAdvisories implements AdvisorySource {
  constructor(private readonly database: OsvDatabase) {}

  get loaded(): boolean {
    return this.database.size > 0;
  }

  affecting(os: OsRelease, sourceName: string, sourceVersion: string): Advisory[] {
    const ecosystem = osvEcosystem(os);
    return ecosystem ? this.matching(ecosystem, sourceName, sourceVersion) : [];
  }

  affectingLibrary(ecosystem: LanguageEcosystem, name: string, version: string): Advisory[] {
    return this.matching(ecosystem, name, version);
  }

  private matching(ecosystem: string, name: string, version: string): Advisory[] {
    const compare = comparatorOf(ecosystem);
    if (!compare) return [];
    const advisories: Advisory[] = [];
    for (const { record, affected } of this.database.lookup(ecosystem, name)) {
      const fix = affectedFix(affected, version, compare);
      if (fix === undefined) continue;
      const { severity, cvss } = severityOf(record, affected);
      advisories.push({
        id: cveOf(record),
        advisoryId: record.id,
        fixedVersion: fix,
        severity,
        ...(cvss ? { cvss } : {}),
        description: record.details ?? record.summary ?? '',
        links: [`https://osv.dev/vulnerability/${record.id}`, ...(record.references ?? []).map((r) => r.url)],
      });
    }
    return advisories;
  }
}
