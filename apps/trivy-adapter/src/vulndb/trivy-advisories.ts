import type { OsRelease } from '../analyzers/installed-package.js';
import type { Advisory, AdvisorySource } from './advisory.js';
import type { BoltFile } from './bolt-file.js';
import { cvss3BaseScore } from './cvss3.js';
import { comparatorOf } from './osv-match.js';
import type { Severity } from './osv-severity.js';

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
    const details = this.file.root().bucket('vulnerability');
    const advisories: Advisory[] = [];
    for (const [cve, value] of packageBucket.entries()) {
      if (!Buffer.isBuffer(value)) continue;
      const advisory = parse<TrivyAdvisory>(value);
      const fixed = advisory?.FixedVersion ?? '';
      if (!advisory || (fixed && compare(sourceVersion, fixed) >= 0)) continue;
      const detail = parse<TrivyVulnerability>(details?.get(cve)) ?? {};
      const vendorSeverity = advisory.Severity ?? detail.VendorSeverity?.[release.vendor];
      const severity =
        vendorSeverity !== undefined
          ? (NUMBERED[vendorSeverity] ?? 'Unknown')
          : (WORDED[detail.Severity ?? ''] ?? 'Unknown');
      const scored = Object.values(detail.CVSS ?? {}).find((c) => c.V3Vector);
      const score = scored?.V3Score ?? (scored?.V3Vector ? cvss3BaseScore(scored.V3Vector) : undefined);
      advisories.push({
        id: cve,
        advisoryId: cve,
        fixedVersion: fixed,
        severity,
        ...(scored?.V3Vector && score !== undefined
          ? { cvss: { score_v3: score, vector_v3: scored.V3Vector } }
          : {}),
        description: detail.Description ?? detail.Title ?? '',
        links: [`https://avd.aquasec.com/nvd/${cve.toLowerCase()}`, ...(detail.References ?? [])],
      });
    }
    return advisories;
  }
}
