/**
 * rpm's version order (rpmvercmp, as `rpm.vercmp` and `rpmdev-vercmp` compare): `[epoch:]version[-release]`,
 * epoch as a number, then version and release segment by segment. Runs of digits compare as numbers
 * and beat runs of letters; other characters only separate; `~` sorts before everything (even the end)
 * and `^` after the end but before anything else.
 */
export function compareRpmVersions(a: string, b: string): number {
  const left = parseEvr(a);
  const right = parseEvr(b);
  if (left.epoch !== right.epoch) return left.epoch < right.epoch ? -1 : 1;
  return (
    compareRpmSegments(left.version, right.version) ||
    compareRpmSegments(left.release ?? '', right.release ?? '')
  );
}

/** `epoch:version-release` split as rpm does it (release after the last `-`; no epoch is 0). */
export function parseEvr(evr: string): { epoch: number; version: string; release?: string } {
  const trimmed = evr.trim();
  const colon = /^\d+:/.exec(trimmed) ? trimmed.indexOf(':') : -1;
  const epoch = colon > 0 ? Number(trimmed.slice(0, colon)) : 0;
  const rest = trimmed.slice(colon + 1);
  const dash = rest.lastIndexOf('-');
  return dash >= 0
    ? { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) }
    : { epoch, version: rest };
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined) => c !== undefined && /[A-Za-z]/.test(c);
const isSeparator = (c: string | undefined) =>
  c !== undefined && !isDigit(c) && !isAlpha(c) && c !== '~' && c !== '^';
const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** rpmvercmp on one version or release string. */
export function compareRpmSegments(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (isSeparator(a[i])) i++;
    while (isSeparator(b[j])) j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(a[i]);
    const inSegment = numeric ? isDigit : isAlpha;
    const startA = i;
    const startB = j;
    while (inSegment(a[i])) i++;
    while (inSegment(b[j])) j++;
    let left = a.slice(startA, i);
    let right = b.slice(startB, j);
    // A numeric segment is newer than an alphabetic one.
    if (right === '') return numeric ? 1 : -1;
    if (numeric) {
      left = left.replace(/^0+/, '');
      right = right.replace(/^0+/, '');
      if (left.length !== right.length) return left.length > right.length ? 1 : -1;
    }
    if (left !== right) return left < right ? -1 : 1;
  }
  if (i >= a.length && j >= b.length) return 0;
  return sign(i < a.length ? 1 : -1);
}
