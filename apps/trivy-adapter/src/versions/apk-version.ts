/** Pre-release suffixes sort before the plain version, post-release ones after (apk-tools' order). */
const SUFFIX_RANK: Record<string, number> = {
  alpha: -4,
  beta: -3,
  pre: -2,
  rc: -1,
  cvs: 1,
  svn: 2,
  git: 3,
  hg: 4,
  p: 5,
};

interface ApkVersion {
  numbers: number[];
  letter: string;
  suffixes: { rank: number; number: number }[];
  revision: number;
}

/** `1.2.3a_rc1_p2-r4`: dotted numbers, an optional letter, `_suffix[N]`s, `-rN`. */
function parse(version: string): ApkVersion {
  const [main = '', revision = ''] = version.trim().split('-r');
  const [head = '', ...suffixParts] = main.split('_');
  const letter = /[a-z]$/.exec(head)?.[0] ?? '';
  const numbers = (letter ? head.slice(0, -1) : head)
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
  const suffixes = suffixParts.map((part) => {
    const match = /^([a-z]+)(\d*)$/.exec(part);
    return { rank: SUFFIX_RANK[match?.[1] ?? ''] ?? 0, number: Number(match?.[2] || 0) };
  });
  return { numbers, letter, suffixes, revision: Number.parseInt(revision, 10) || 0 };
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** Alpine's version order, for apk packages. */
export function compareApkVersions(a: string, b: string): number {
  const left = parse(a);
  const right = parse(b);
  for (let i = 0; i < Math.max(left.numbers.length, right.numbers.length); i++) {
    const diff = (left.numbers[i] ?? -1) - (right.numbers[i] ?? -1);
    if (diff !== 0) return sign(diff);
  }
  if (left.letter !== right.letter) return left.letter < right.letter ? -1 : 1;
  for (let i = 0; i < Math.max(left.suffixes.length, right.suffixes.length); i++) {
    const l = left.suffixes[i] ?? { rank: 0, number: 0 };
    const r = right.suffixes[i] ?? { rank: 0, number: 0 };
    if (l.rank !== r.rank) return sign(l.rank - r.rank);
    if (l.number !== r.number) return sign(l.number - r.number);
  }
  return sign(left.revision - right.revision);
}
