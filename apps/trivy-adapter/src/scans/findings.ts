import { parseApkInstalled } from '../analyzers/apk-installed.js';
import { parseDpkgStatus } from '../analyzers/dpkg-status.js';
import { languagePackages } from '../analyzers/language-packages.js';
import type { InstalledPackage, OsRelease } from '../analyzers/installed-package.js';
import { parseOsRelease } from '../analyzers/os-release.js';
import { parseRpmSqlite, RPM_SQLITE_PATHS } from '../analyzers/rpm-database.js';
import { packageUrl } from '../sbom/package-url.js';
import type { AdvisorySource } from '../vulndb/advisory.js';
import type { Severity } from '../vulndb/osv-severity.js';

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
  /** The package URL (its type tells a language package's ecosystem), as Trivy's Harbor adapter reports it. */
  purl?: string;
  vendor_attributes: { advisory_id: string; source_package: string };
}

export interface ImageContents {
  os: OsRelease | undefined;
  packages: InstalledPackage[];
}

/** The OS, its packages and the language packages from the files collected out of the image's layers. */
export function imageContents(files: Map<string, Buffer>): ImageContents {
  const text = (path: string) => files.get(path)?.toString('utf8');
  const os = parseOsRelease(text('etc/os-release') ?? text('usr/lib/os-release') ?? '');
  const packages = [
    ...parseDpkgStatus(text('var/lib/dpkg/status') ?? ''),
    ...parseApkInstalled(text('lib/apk/db/installed') ?? ''),
  ];
  for (const [path, data] of files)
    if (path.startsWith('var/lib/dpkg/status.d/')) packages.push(...parseDpkgStatus(data.toString('utf8')));
  const rpmDatabase = RPM_SQLITE_PATHS.map((path) => files.get(path)).find(Boolean);
  if (rpmDatabase) packages.push(...parseRpmSqlite(rpmDatabase));
  packages.push(...languagePackages(files));
  return { os, packages };
}

/** Every advisory of the databases that affects a package of the image; the first database wins a tie. */
export function findVulnerabilities(
  contents: ImageContents,
  sources: AdvisorySource[],
  options: { ignoreUnfixed: boolean },
): Finding[] {
  const os = contents.os;
  const findings = new Map<string, Finding>();
  const advisoriesOf = (source: AdvisorySource, pkg: InstalledPackage) => {
    if (pkg.ecosystem) return source.affectingLibrary?.(pkg.ecosystem, pkg.name, pkg.version) ?? [];
    return os ? source.affecting(os, pkg.sourceName, pkg.sourceVersion) : [];
  };
  for (const pkg of contents.packages) {
    const purl = packageUrl(os, pkg);
    for (const source of sources)
      for (const advisory of advisoriesOf(source, pkg)) {
        const key = `${advisory.id}\u0000${pkg.name}\u0000${pkg.version}`;
        if (findings.has(key) || (options.ignoreUnfixed && !advisory.fixedVersion)) continue;
        findings.set(key, {
          id: advisory.id,
          package: pkg.name,
          version: pkg.version,
          fix_version: advisory.fixedVersion,
          severity: advisory.severity,
          description: advisory.description,
          links: advisory.links.slice(0, 10),
          ...(advisory.cvss ? { preferred_cvss: advisory.cvss } : {}),
          ...(purl ? { purl } : {}),
          vendor_attributes: { advisory_id: advisory.advisoryId, source_package: pkg.sourceName },
        });
      }
  }
  return [...findings.values()].sort(
    (a, b) => a.id.localeCompare(b.id) || a.package.localeCompare(b.package),
  );
}
