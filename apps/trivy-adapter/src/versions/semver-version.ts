import semver from 'semver';

/** A total order for versions that may not be valid: valid ones by semver, the rest as text. */
function compareSemverLike(a: string, b: string): number {
  const left = semver.valid(a, { loose: true });
  const right = semver.valid(b, { loose: true });
  if (left && right) return semver.compare(left, right, { loose: true });
  if (left || right) return left ? 1 : -1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** npm's version order (semver 2.0.0: prereleases before their release, build metadata ignored). */
export function compareNpmVersions(a: string, b: string): number {
  return compareSemverLike(a.trim(), b.trim());
}

/**
 * Go modules' version order: semver with a `v` prefix; pseudo-versions are prereleases and
 * `+incompatible` is build metadata, as `golang.org/x/mod/semver` treats them.
 */
export function compareGoVersions(a: string, b: string): number {
  return compareSemverLike(a.trim().replace(/^v/, ''), b.trim().replace(/^v/, ''));
}
