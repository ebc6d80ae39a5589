const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?(ms|s|m|h|d))+$/;

/** Go-style durations as harbor.yml uses them: "168h", "5m0s", "30s". */
export function isDuration(value: string): boolean {
  return DURATION.test(value);
}

export function parseDurationMs(value: string): number {
  if (!isDuration(value)) throw new Error(`invalid duration "${value}"`);
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(amount) * (UNIT_MS[unit as string] ?? 0);
  }
  return total;
}
