import { parseApkInstalled } from '../analyzers/apk-installed.js';
import { parseDpkgStatus } from '../analyzers/dpkg-status.js';
import type { InstalledPackage, OsRelease } from '../analyzers/installed-package.js';
import { osvEcosystem, parseOsRelease } from '../analyzers/os-release.js';
import type { OsvDatabase } from '../vulndb/osv-database.js';
import { affectedFix, comparatorOf } from '../vulndb/osv-match.js';
import type { OsvRecord } from '../vulndb/osv-record.js';
import { severityOf, type Severity } from '../vulndb/osv-severity.js';

/** One finding, as the scanner API's VulnerabilityItem. */
export interface Finding {
  id: string;
  package: string;
  version: string;
  fix_version: string;
  severity: Severity;
  description: string;
  links: string[];
  preferred_cvss?: { score_v3: number; vector_v3: string };
  vendor_attributes: { advisory_id: string; source_package: string };
}

export interface ImageContents {
  os: OsRelease | undefined;
  packages: InstalledPackage[];
}

/** The OS and its packages from the files collected out of the image's layers. */
export function imageContents(files: Map<string, Buffer>): ImageContents {
  const text = (path: string) => files.get(path)?.toString('utf8');
  const os = parseOsRelease(text('etc/os-release') ?? text('usr/lib/os-release') ?? '');
  const packages = [
    ...parseDpkgStatus(text('var/lib/dpkg/status') ?? ''),
    ...parseApkInstalled(text('lib/apk/db/installed') ?? ''),
  ];
  for (const [path, data] of files)
    if (path.startsWith('var/lib/dpkg/status.d/')) packages.push(...parseDpkgStatus(data.toString('utf8')));
  return { os, packages };
}

const CVE = /^CVE-\d{4}-\d+$/;

/** The CVE a record is about, when it names one (OSV's Debian records are `DEBIAN-CVE-…`). */
export function cveOf(record: OsvRecord): string {
  if (CVE.test(record.id)) return record.id;
  const named = [...(record.upstream ?? []), ...(record.aliases ?? [])].find((id) => CVE.test(id));
  return named ?? record.id.replace(/^[A-Z]+-(?=CVE-\d{4}-\d+$)/, '');
}

/** Every advisory of the database that affects a package of the image. */
export function findVulnerabilities(
  contents: ImageContents,
  database: OsvDatabase,
  options: { ignoreUnfixed: boolean },
): Finding[] {
  const ecosystem = contents.os && osvEcosystem(contents.os);
  const compare = ecosystem && comparatorOf(ecosystem);
  if (!ecosystem || !compare) return [];
  const findings = new Map<string, Finding>();
  for (const pkg of contents.packages) {
    for (const { record, affected } of database.lookup(ecosystem, pkg.sourceName)) {
      const fix = affectedFix(affected, pkg.sourceVersion, compare);
      if (fix === undefined || (options.ignoreUnfixed && !fix)) continue;
      const id = cveOf(record);
      const key = `${id}\u0000${pkg.name}`;
      if (findings.has(key)) continue;
      const { severity, cvss } = severityOf(record, affected);
      findings.set(key, {
        id,
        package: pkg.name,
        version: pkg.version,
        fix_version: fix,
        severity,
        description: record.details ?? record.summary ?? '',
        links: [
          `https://osv.dev/vulnerability/${record.id}`,
          ...(record.references ?? []).map((r) => r.url),
        ].slice(0, 10),
        ...(cvss ? { preferred_cvss: cvss } : {}),
        vendor_attributes: { advisory_id: record.id, source_package: pkg.sourceName },
      });
    }
  }
  return [...findings.values()].sort(
    (a, b) => a.id.localeCompare(b.id) || a.package.localeCompare(b.package),
  );
}
