import { z } from 'zod';

/** The keys an object schema takes, found by following `path` through wrappers (optional, default, pipe...). */
export function knownKeysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const key of path) {
    if (!node) return [];
    if (node instanceof z.ZodObject) node = unwrap(node.shape[String(key)] as z.ZodType | undefined);
    else if (node instanceof z.ZodArray) node = unwrap(node.element as z.ZodType);
    else return [];
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let node = schema;
  for (let depth = 0; node && depth < 10; depth++) {
    if (node instanceof z.ZodObject || node instanceof z.ZodArray) return node;
    const def = node.def as { innerType?: z.ZodType; in?: z.ZodType };
    node = def.innerType ?? def.in;
  }
  return node;
}

/**
 * The known key closest to a mistyped one, if it is close enough to be the likely intent: at most a
 * third of its letters differ (so `java_db_repo` finds `java_db_repository`, `foo` finds nothing).
 */
export function closestKey(typed: string, known: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  let best: { key: string; score: number } | undefined;
  for (const key of known) {
    const candidate = key.toLowerCase();
    // A prefix or an extension of a real key (`java_db_repo`, `ipv6_enabled`) is a near miss too.
    const extends_ =
      Math.min(lower.length, candidate.length) >= 4 &&
      (candidate.startsWith(lower) || lower.startsWith(candidate));
    const distance = extends_ ? 1 : editDistance(lower, candidate);
    const limit = Math.max(1, Math.floor(Math.max(lower.length, candidate.length) / 3));
    if (distance <= limit && (!best || distance < best.score)) best = { key, score: distance };
  }
  return best?.key;
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}
