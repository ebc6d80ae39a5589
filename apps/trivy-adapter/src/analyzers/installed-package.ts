/** An OS package found in an image, with the source package the distribution's advisories name. */
export interface InstalledPackage {
  name: string;
  version: string;
  /** Debian and Alpine advisories are per source package (`openssl` for `libssl3`). */
  sourceName: string;
  sourceVersion: string;
}

/** The distribution an image is built on, from its os-release. */
export interface OsRelease {
  id: string;
  versionId: string;
}
