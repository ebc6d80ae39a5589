import { parseApkInstalled } from '../analyzers/apk-installed.js';
import { parseDpkgStatus } from '../analyzers/dpkg-status.js';
import type { InstalledPackage, OsRelease } from '../analyzers/installed-package.js';
import { parseOsRelease } from '../analyzers/os-release.js';
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

/** Every advisory of the databases that affects a package of the image; the first database wins a tie. */
export function findVulnerabilities(
  contents: ImageContents,
  sources: AdvisorySource[],
  options: { ignoreUnfixed: boolean },
): Finding[] {
  const os = contents.os;
  if (!os) return [];
  const findings = new Map<string, Finding>();
  for (const pkg of contents.packages)
    for (const source of sources)
      for (const advisory of source.affecting(os, pkg.sourceName, pkg.sourceVersion)) {
        const key = `${advisory.id}\u0000${pkg.name}`;
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
          vendor_attributes: { advisory_id: advisory.advisoryId, source_package: pkg.sourceName },
        });
      }
  return [...findings.values()].sort(
    (a, b) => a.id.localeCompare(b.id) || a.package.localeCompare(b.package),
  );
}
