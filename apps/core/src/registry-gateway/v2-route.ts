import { parseDistributionPath, type DistributionEndpoint } from '@harbor-ts/oci';

/** What a /v2 request touches, enough to decide who may make it; the registry validates the rest. */
export type V2Route =
  | { kind: 'ping' }
  | { kind: 'catalog' }
  | {
      kind: 'repository';
      name: string;
      target: 'manifest' | 'blob' | 'upload' | 'tags' | 'referrers';
      reference: string;
    };

type Target = Extract<V2Route, { kind: 'repository' }>['target'];

/** What the gateway authorises by: starting an upload and sending its chunks are both `upload`. */
const TARGETS: Record<DistributionEndpoint, Target> = {
  uploads: 'upload',
  upload: 'upload',
  blob: 'blob',
  manifest: 'manifest',
  referrers: 'referrers',
  tags: 'tags',
};

/**
 * Classifies a raw /v2 path by the shared grammar; undefined for anything that is not a registry
 * endpoint, or whose name (or a `%` anywhere) could not be authorised for anything anyway.
 */
export function parseV2Route(rawUrl: string): V2Route | undefined {
  const path = parseDistributionPath(rawUrl);
  if (!path || path.kind === 'invalid') return undefined;
  if (path.kind !== 'repository') return path;
  return { kind: 'repository', name: path.name, target: TARGETS[path.endpoint], reference: path.argument };
}

/** The token action a request needs: reads pull, writes push, deleting a manifest or blob delete. */
export function requiredAction(
  method: string,
  route: Extract<V2Route, { kind: 'repository' }>,
): 'pull' | 'push' | 'delete' {
  if (method === 'GET' || method === 'HEAD') return 'pull';
  if (method === 'DELETE' && (route.target === 'manifest' || route.target === 'blob')) return 'delete';
  return 'push';
}
