import type { LanguageEcosystem, OsRelease } from '../analyzers/installed-package.js';
import type { Severity } from './osv-severity.js';

/** One advisory that affects an installed package, whatever database it came from. */
export interface Advisory {
  /** The CVE when the advisory names one, else its own id. */
  id: string;
  /** The database's own id for it (`DEBIAN-CVE-…`, a Trivy data source's CVE entry). */
  advisoryId: string;
  /** '' when no fixed version is known. */
  fixedVersion: string;
  severity: Severity;
  cvss?: { score_v3: number; vector_v3: string };
  description: string;
  links: string[];
}

/** A vulnerability database the engine matches against. */
export interface AdvisorySource {
  /** Whether it holds anything at all (an empty database must not report clean images). */
  readonly loaded: boolean;
  /** The advisories affecting this source package at this version on this release. */
  affecting(os: OsRelease, sourceName: string, sourceVersion: string): Advisory[];
  /** The advisories affecting this language package at this version (npm, PyPI, Go, Maven). */
  affectingLibrary?(ecosystem: LanguageEcosystem, name: string, version: string): Advisory[];
}
