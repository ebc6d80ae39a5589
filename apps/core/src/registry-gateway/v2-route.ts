import { isValidRepositoryName } from '@harbor-ts/oci';

/** What a /v2 request touches, enough to decide who may make it; the registry validates the rest. */
export type V2Route =
  | { kind: 'ping' }
  | { kind: 'catalog' }
  | { kind: 'repository'; name: string; target: 'manifest' | 'blob' | 'upload' | 'tags' | 'referrers'; reference: string };

const TARGETS: [RegExp, Extract<V2Route, { kind: 'repository' }>['target']][] = [
  [/^(.+)\/blobs\/uploads(?:\/([^/]*))?$/, 'upload'],
  [/^(.+)\/blobs\/([^/]+)$/, 'blob'],
  [/^(.+)\/manifests\/([^/]+)$/, 'manifest'],
  [/^(.+)\/referrers\/([^/]+)$/, 'referrers'],
  [/^(.+)\/tags\/list$/, 'tags'],
];

/** Classifies a raw /v2 path; undefined for anything that is not a registry endpoint. */
export function parseV2Route(rawUrl: string): V2Route | undefined {
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  if (path === '/v2/' || path === '/v2') return { kind: 'ping' };
  if (!path.startsWith('/v2/')) return undefined;
  const rest = path.slice(4);
  if (rest === '_catalog') return { kind: 'catalog' };
  for (const [pattern, target] of TARGETS) {
    const match = pattern.exec(rest);
    if (!match) continue;
    const name = match[1] ?? '';
    // A name outside the grammar could not be authorised for anything anyway.
    if (!isValidRepositoryName(name)) return undefined;
    return { kind: 'repository', name, target, reference: match[2] ?? '' };
  }
  return undefined;
}

/** The token action a request needs: reads pull, writes push, deleting a manifest or blob delete. */
export function requiredAction(method: string, route: Extract<V2Route, { kind: 'repository' }>): 'pull' | 'push' | 'delete' {
  if (method === 'GET' || method === 'HEAD') return 'pull';
  if (method === 'DELETE' && (route.target === 'manifest' || route.target === 'blob')) return 'delete';
  return 'push';
}
