import type { LanguageEcosystem, OsRelease } from '../analyzers/installed-package.js';
import { pythonName } from '../analyzers/language-purl.js';
import type { Advisory, AdvisorySource } from './advisory.js';
import type { BoltFile } from './bolt-file.js';
import { cvss3BaseScore } from './cvss3.js';
import { comparatorOf, type Compare } from './osv-match.js';
import type { Severity } from './osv-severity.js';
import { firstPatched, satisfiesConstraint } from './version-constraints.js';

/** Trivy's severity numbers (VendorSeverity) and words (Severity). */
const NUMBERED: Severity[] = ['Unknown', 'Low', 'Medium', 'High', 'Critical'];
const WORDED: Record<string, Severity> = {
  UNKNOWN: 'Unknown',
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  CRITICAL: 'Critical',
};

interface TrivyAdvisory {
  FixedVersion?: string;
  Severity?: number;
  /** Language advisories: constraints on affected and fixed versions. */
  VulnerableVersions?: string[];
  PatchedVersions?: string[];
  UnaffectedVersions?: string[];
}

/**
 * The prefix of Trivy's language buckets (`npm::GitHub Security Advisory npm`, `pip::…`, `go::…`,
 * `maven::…`), one bucket per data source, each holding a bucket per package.
 */
const LANGUAGE_PREFIX: Record<LanguageEcosystem, string> = {
  npm: 'npm::',
  PyPI: 'pip::',
  Go: 'go::',
  Maven: 'maven::',
};

/** The names Trivy may file a package under (Python's in lower case, `-` for `_`). */
function languageNames(ecosystem: LanguageEcosystem, name: string): string[] {
  if (ecosystem !== 'PyPI') return [name];
  return [...new Set([name.toLowerCase().replace(/_/g, '-'), pythonName(name), name])];
}

/**
 * Whether a language package version is affected, as Trivy decides: inside a vulnerable-versions
 * constraint when the advisory has them, else outside every patched and unaffected one.
 */
function libraryAffected(version: string, advisory: TrivyAdvisory, compare: Compare): boolean {
  const vulnerable = advisory.VulnerableVersions ?? [];
  if (vulnerable.length > 0) return vulnerable.some((c) => satisfiesConstraint(version, c, compare));
  const safe = [...(advisory.PatchedVersions ?? []), ...(advisory.UnaffectedVersions ?? [])];
  if (safe.length === 0) return false;
  return !safe.some((c) => satisfiesConstraint(version, /^[\d\w]/.test(c.trim()) ? `>=${c}` : c, compare));
}
interface TrivyVulnerability {
  Title?: string;
  Description?: string;
  Severity?: string;
  VendorSeverity?: Record<string, number>;
  CVSS?: Record<string, { V3Vector?: string; V3Score?: number }>;
  References?: string[];
}

/** Trivy's bucket of a release (`debian 12`, `alpine 3.19`, `ubuntu 22.04`) and its vendor name. */
function releaseBucket(os: OsRelease): { bucket: string; vendor: string; ecosystem: string } | undefined {
  if (os.id === 'debian')
    return { bucket: `debian ${os.versionId.split('.')[0]}`, vendor: 'debian', ecosystem: 'Debian' };
  if (os.id === 'alpine')
    return {
      bucket: `alpine ${os.versionId.split('.').slice(0, 2).join('.')}`,
      vendor: 'alpine',
      ecosystem: 'Alpine',
    };
  if (os.id === 'ubuntu') return { bucket: `ubuntu ${os.versionId}`, vendor: 'ubuntu', ecosystem: 'Ubuntu' };
  const major = os.versionId.split('.')[0];
  if (os.id === 'rocky') return { bucket: `rocky ${major}`, vendor: 'rocky', ecosystem: 'Rocky Linux' };
  if (os.id === 'almalinux') return { bucket: `alma ${major}`, vendor: 'alma', ecosystem: 'AlmaLinux' };
  return undefined;
}

function parse<T>(bytes: Buffer | undefined): T | undefined {
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Advisories from Trivy's own database file (`trivy.db`), as users copy it in for offline scans. */
export class TrivyAdvisories implements AdvisorySource {
  constructor(private readonly file: BoltFile) {}

  get loaded(): boolean {
    return this.file.root().bucket('vulnerability') !== undefined;
  }

  affecting(os: OsRelease, sourceName: string, sourceVersion: string): Advisory[] {
    const release = releaseBucket(os);
    const compare = release && comparatorOf(release.ecosystem);
    const packageBucket = release && this.file.root().bucket(release.bucket)?.bucket(sourceName);
    if (!release || !compare || !packageBucket) return [];
    const advisories: Advisory[] = [];
    for (const [cve, value] of packageBucket.entries()) {
      if (!Buffer.isBuffer(value)) continue;
      const advisory = parse<TrivyAdvisory>(value);
      const fixed = advisory?.FixedVersion ?? '';
      if (!advisory || (fixed && compare(sourceVersion, fixed) >= 0)) continue;
      advisories.push(this.advisory(cve, fixed, advisory.Severity, [release.vendor]));
    }
    return advisories;
  }

  affectingLibrary(ecosystem: LanguageEcosystem, name: string, version: string): Advisory[] {
    const compare = comparatorOf(ecosystem);
    if (!compare) return [];
    const advisories = new Map<string, Advisory>();
    for (const [bucketName, dataSource] of this.file.root().entries()) {
      if (!bucketName.startsWith(LANGUAGE_PREFIX[ecosystem]) || Buffer.isBuffer(dataSource)) continue;
      const packageBucket = languageNames(ecosystem, name)
        .map((candidate) => dataSource.bucket(candidate))
        .find(Boolean);
      for (const [id, value] of packageBucket?.entries() ?? []) {
        if (!Buffer.isBuffer(value) || advisories.has(id)) continue;
        const advisory = parse<TrivyAdvisory>(value);
        if (!advisory || !libraryAffected(version, advisory, compare)) continue;
        const fixed = (advisory.PatchedVersions ?? []).map(firstPatched).filter(Boolean).join(', ');
        advisories.set(id, this.advisory(id, fixed, advisory.Severity, ['ghsa', 'go', 'nvd']));
      }
    }
    return [...advisories.values()];
  }

  /** One advisory with the details of the `vulnerability` bucket; the first vendor's severity wins. */
  private advisory(
    id: string,
    fixedVersion: string,
    severityNumber: number | undefined,
    vendors: string[],
  ): Advisory {
    const detail = parse<TrivyVulnerability>(this.file.root().bucket('vulnerability')?.get(id)) ?? {};
    const vendorSeverity =
      severityNumber ?? vendors.map((vendor) => detail.VendorSeverity?.[vendor]).find((n) => n !== undefined);
    const severity =
      vendorSeverity !== undefined
        ? (NUMBERED[vendorSeverity] ?? 'Unknown')
        : (WORDED[detail.Severity ?? ''] ?? 'Unknown');
    const scored = Object.values(detail.CVSS ?? {}).find((c) => c.V3Vector);
    const score = scored?.V3Score ?? (scored?.V3Vector ? cvss3BaseScore(scored.V3Vector) : undefined);
    return {
      id,
      advisoryId: id,
      fixedVersion,
      severity,
      ...(scored?.V3Vector && score !== undefined
        ? { cvss: { score_v3: score, vector_v3: scored.V3Vector } }
        : {}),
      description: detail.Description ?? detail.Title ?? '',
      links: [`https://avd.aquasec.com/nvd/${id.toLowerCase()}`, ...(detail.References ?? [])],
    };
  }
}
