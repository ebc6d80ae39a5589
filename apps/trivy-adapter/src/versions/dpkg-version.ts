/**
 * Debian's version order (deb-version(7)): `[epoch:]upstream[-revision]`, compared part by part;
 * within a part, non-digit runs compare with `~` before everything (even the end), letters before
 * other characters, and digit runs compare as numbers.
 */
export function compareDpkgVersions(a: string, b: string): number {
  const left = parse(a);
  const right = parse(b);
  if (left.epoch !== right.epoch) return left.epoch < right.epoch ? -1 : 1;
  return compareParts(left.upstream, right.upstream) || compareParts(left.revision, right.revision);
}

function parse(version: string): { epoch: number; upstream: string; revision: string } {
  const trimmed = version.trim();
  const colon = trimmed.indexOf(':');
  const epoch = colon > 0 ? Number(trimmed.slice(0, colon)) : 0;
  const rest = colon > 0 ? trimmed.slice(colon + 1) : trimmed;
  const dash = rest.lastIndexOf('-');
  return dash > 0
    ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) }
    : { epoch, upstream: rest, revision: '' };
}

function order(char: string | undefined): number {
  if (char === undefined) return 0;
  if (char === '~') return -1;
  if (/[A-Za-z]/.test(char)) return char.charCodeAt(0);
  return char.charCodeAt(0) + 256;
}

function compareParts(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i]!)) || (j < b.length && !isDigit(b[j]!))) {
      const ac = i < a.length && !isDigit(a[i]!) ? a[i] : undefined;
      const bc = j < b.length && !isDigit(b[j]!) ? b[j] : undefined;
      const diff = order(ac) - order(bc);
      if (diff !== 0) return diff < 0 ? -1 : 1;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (i < a.length && isDigit(a[i]!) && j < b.length && isDigit(b[j]!)) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && isDigit(a[i]!)) return 1;
    if (j < b.length && isDigit(b[j]!)) return -1;
    if (firstDiff) return firstDiff < 0 ? -1 : 1;
  }
  return 0;
}

const isDigit = (char: string) => char >= '0' && char <= '9';
