/** CVSS v3.x base metric weights (FIRST's specification, section 7.4). */
const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** CVSS v3's "round up to one decimal", done on integers as the 3.1 specification says. */
function roundUp(value: number): number {
  const integer = Math.round(value * 100_000);
  return integer % 10_000 === 0 ? integer / 100_000 : (Math.floor(integer / 10_000) + 1) / 10;
}

/** The base score of a `CVSS:3.x/...` vector; undefined when the vector is not one. */
export function cvss3BaseScore(vector: string): number | undefined {
  const metrics = new Map(
    vector
      .split('/')
      .slice(1)
      .map((part) => part.split(':') as [string, string]),
  );
  if (!/^CVSS:3\.[01]$/.test(vector.split('/')[0] ?? '')) return undefined;
  const pick = <T extends Record<string, number>>(table: T, key: string) =>
    table[metrics.get(key) ?? ''] as number | undefined;
  const av = pick(WEIGHTS.AV, 'AV');
  const ac = pick(WEIGHTS.AC, 'AC');
  const ui = pick(WEIGHTS.UI, 'UI');
  const [c, i, a] = ['C', 'I', 'A'].map((key) => pick(WEIGHTS.CIA, key));
  const scope = metrics.get('S');
  const privileges = metrics.get('PR');
  if ([av, ac, ui, c, i, a].some((w) => w === undefined) || !['U', 'C'].includes(scope ?? ''))
    return undefined;
  const changed = scope === 'C';
  const pr = { N: 0.85, L: changed ? 0.68 : 0.62, H: changed ? 0.5 : 0.27 }[privileges ?? ''] as
    number | undefined;
  if (pr === undefined) return undefined;
  const iss = 1 - (1 - c!) * (1 - i!) * (1 - a!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * av! * ac! * pr * ui!;
  if (impact <= 0) return 0;
  return changed
    ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
    : roundUp(Math.min(impact + exploitability, 10));
}

/** The qualitative rating of a CVSS v3 score, in Harbor's severity words. */
export function ratingOf(score: number): 'None' | 'Low' | 'Medium' | 'High' | 'Critical' {
  if (score === 0) return 'None';
  if (score < 4) return 'Low';
  if (score < 7) return 'Medium';
  if (score < 9) return 'High';
  return 'Critical';
}
