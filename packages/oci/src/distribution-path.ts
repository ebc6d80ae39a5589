import { isValidRepositoryName } from './grammar.js';

/** The distribution-spec endpoints under `/v2/<name>/`. */
export type DistributionEndpoint = 'tags' | 'manifest' | 'blob' | 'uploads' | 'upload' | 'referrers';

export type DistributionPath =
  | { kind: 'ping' }
  | { kind: 'catalog' }
  /** `argument`: the reference, digest or upload id as written in the path ('' for tags and uploads). */
  | { kind: 'repository'; name: string; endpoint: DistributionEndpoint; argument: string }
  /**
   * An endpoint path no client may use. `escaped`: nothing the grammar allows needs percent-encoding,
   * so any `%` is refused before `%2e%2e` could become `..` further down. `name`: outside the name grammar.
   */
  | { kind: 'invalid'; reason: 'escaped' | 'name'; name: string };

// Longest suffix first: "<name>/blobs/uploads/" must not be read as blob "uploads" of "<name>".
const ENDPOINTS: [RegExp, DistributionEndpoint][] = [
  [/^(.+)\/blobs\/uploads\/?$/, 'uploads'],
  [/^(.+)\/blobs\/uploads\/([^/]+)$/, 'upload'],
  [/^(.+)\/blobs\/([^/]+)$/, 'blob'],
  [/^(.+)\/manifests\/([^/]+)$/, 'manifest'],
  [/^(.+)\/referrers\/([^/]+)$/, 'referrers'],
  [/^(.+)\/tags\/list$/, 'tags'],
];

/**
 * Classifies a raw (still percent-encoded) request path, query allowed, by the distribution spec's
 * grammar; undefined for anything that is not a `/v2` endpoint. The argument is not checked here:
 * what a bad digest or tag means depends on who asks (the registry answers per the spec).
 */
export function parseDistributionPath(rawUrl: string): DistributionPath | undefined {
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  if (path === '/v2/' || path === '/v2') return { kind: 'ping' };
  if (!path.startsWith('/v2/')) return undefined;
  const rest = path.slice(4);
  if (rest === '_catalog') return { kind: 'catalog' };
  if (rest.includes('%')) return { kind: 'invalid', reason: 'escaped', name: rest };
  for (const [pattern, endpoint] of ENDPOINTS) {
    const match = pattern.exec(rest);
    if (!match) continue;
    const name = match[1] ?? '';
    if (!isValidRepositoryName(name)) return { kind: 'invalid', reason: 'name', name };
    return { kind: 'repository', name, endpoint, argument: match[2] ?? '' };
  }
  return undefined;
}
