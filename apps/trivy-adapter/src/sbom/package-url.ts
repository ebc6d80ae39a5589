import type { InstalledPackage, OsRelease } from '../analyzers/installed-package.js';

/** The purl type of a distribution's packages: deb for Debian and Ubuntu, apk for Alpine, rpm for rpm's. */
function purlType(os: OsRelease, pkg: InstalledPackage): string | undefined {
  if (pkg.type === 'rpm') return 'rpm';
  if (os.id === 'debian' || os.id === 'ubuntu') return 'deb';
  if (os.id === 'alpine') return 'apk';
  return undefined;
}

/** Percent-encodes a purl component as the purl spec asks (`:` kept in versions, `+` encoded). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%3A/g, ':');
}

/**
 * The package URL of a package: a language package's own (the analyzers set it), else an OS package's
 * (`pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12`), as Trivy writes them; undefined for
 * a distribution without a purl type.
 */
export function packageUrl(os: OsRelease | undefined, pkg: InstalledPackage): string | undefined {
  if (pkg.purl || pkg.ecosystem) return pkg.purl;
  const type = os && purlType(os, pkg);
  if (!os || !type) return undefined;
  const qualifiers = new URLSearchParams();
  if (pkg.sourceName !== pkg.name) qualifiers.set('upstream', pkg.sourceName);
  qualifiers.set('distro', `${os.id}-${os.versionId}`);
  return `pkg:${type}/${os.id}/${encode(pkg.name)}@${encode(pkg.version)}?${qualifiers.toString()}`;
}
