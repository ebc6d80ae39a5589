/** The ecosystems of language packages, named as OSV names them. */
export type LanguageEcosystem = 'npm' | 'PyPI' | 'Go' | 'Maven';

/**
 * A package found in an image. OS packages (dpkg, apk, rpm) carry the source package the
 * distribution's advisories name; language packages carry their ecosystem instead.
 */
export interface InstalledPackage {
  name: string;
  version: string;
  /** Debian and Alpine advisories are per source package (`openssl` for `libssl3`). */
  sourceName: string;
  sourceVersion: string;
  /** Set for language packages only: whose advisories apply. */
  ecosystem?: LanguageEcosystem;
  /** Trivy's package type (`node-pkg`, `npm`, `python-pkg`, `gobinary`, `jar`, `rpm`). */
  type?: string;
  /** Where in the image it was found (language packages), without a leading slash. */
  filePath?: string;
  /** The package URL, as Trivy reports it (`pkg:npm/lodash@4.17.20`); set for language packages. */
  purl?: string;
}

/** The distribution an image is built on, from its os-release. */
export interface OsRelease {
  id: string;
  versionId: string;
}
