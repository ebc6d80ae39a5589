import type { Artifact, Platform } from '../api';

/** "linux/arm64/v8"; '?' for a part the index does not name. */
export function platformName(platform: Platform | null | undefined): string {
  if (!platform) return '?';
  const name = `${platform.os ?? '?'}/${platform.architecture ?? '?'}`;
  return platform.variant ? `${name}/${platform.variant}` : name;
}

/** The platforms of an index's children (empty for a single-platform artifact). */
export function platformsOf(artifact: Pick<Artifact, 'references'>): string[] {
  return (artifact.references ?? []).filter((ref) => ref.platform).map((ref) => platformName(ref.platform));
}
