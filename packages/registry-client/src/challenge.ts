/** A `WWW-Authenticate` challenge of a registry's `/v2/`: Basic, or Bearer with where to get tokens. */
export type Challenge =
  | { scheme: 'none' }
  | { scheme: 'basic' }
  | { scheme: 'bearer'; realm: string; service?: string; scope?: string };

/**
 * Parses the first challenge of a `WWW-Authenticate` header (`Bearer realm="...",service="..."`).
 * Parameter values may be quoted and may contain commas, so this reads `key="value"` pairs one by one.
 */
export function parseChallenge(header: string | undefined): Challenge {
  if (!header) return { scheme: 'none' };
  const match = /^\s*(\w+)\s*(.*)$/s.exec(header);
  const scheme = match?.[1]?.toLowerCase();
  if (scheme === 'basic') return { scheme: 'basic' };
  if (scheme !== 'bearer') return { scheme: 'none' };
  const params: Record<string, string> = {};
  const pair = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const m of (match?.[2] ?? '').matchAll(pair))
    params[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  if (!params.realm) return { scheme: 'none' };
  return { scheme: 'bearer', realm: params.realm, service: params.service, scope: params.scope };
}

/** `repository:<name>:<actions>`, the scope a token for one repository is asked with. */
export function repositoryScope(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${actions.join(',')}`;
}
