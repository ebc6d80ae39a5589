import { swaggerDocument } from '@harbor-ts/api-spec/definitions';
import { parseV2Route } from '../registry-gateway/v2-route.js';

const API_BASE = '/api/v2.0';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** Harbor's operation ids for the distribution API (src/server/middleware/metric). */
const V2_OPERATIONS = {
  catalog: 'v2_catalog',
  tags: 'v2_tags',
  manifest: 'v2_manifest',
  blob: 'v2_blob',
  upload: 'v2_blob_upload',
  referrers: 'v2_referrers',
} as const;

/** Path parameters differ in name between the swagger and our routes; only their places matter. */
function routeKey(method: string, template: string): string {
  return `${method.toUpperCase()} ${template.replace(/\{[^}]+\}|:[^/]+/g, '{}').replace(/\/+$/, '')}`;
}

let swaggerOperations: Map<string, string> | undefined;
/** Per route template, so a request costs one map lookup once its route was seen. */
const resolved = new Map<string, string>();

/** "GET /projects/{}" → "listProjects": the operationId the swagger gives each route. */
function operations(): Map<string, string> {
  if (swaggerOperations) return swaggerOperations;
  swaggerOperations = new Map();
  for (const [path, item] of Object.entries(swaggerDocument().paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const id = (operation as { operationId?: unknown }).operationId;
      if (HTTP_METHODS.has(method) && typeof id === 'string')
        swaggerOperations.set(routeKey(method, path), id);
    }
  }
  return swaggerOperations;
}

/**
 * The `operation` label Harbor puts on core's request metrics: the swagger operationId for the
 * API, v2_* for the registry API, "unknown" for the rest (login pages, token service...).
 */
export function operationId(method: string, rawUrl: string, routeTemplate: string | undefined): string {
  const path = rawUrl.split('?')[0] ?? '';
  if (path === '/v2' || path.startsWith('/v2/')) {
    const route = parseV2Route(rawUrl);
    return route?.kind === 'catalog'
      ? V2_OPERATIONS.catalog
      : route?.kind === 'repository'
        ? V2_OPERATIONS[route.target]
        : 'v2_others';
  }
  if (!routeTemplate?.startsWith(API_BASE)) return 'unknown';
  const memoKey = `${method} ${routeTemplate}`;
  let id = resolved.get(memoKey);
  if (id === undefined) {
    const apiPath = routeTemplate.slice(API_BASE.length);
    // Fastify answers HEAD on GET routes; the swagger names only the GET, unless it has a HEAD of its own.
    const fallback = method === 'HEAD' ? operations().get(routeKey('GET', apiPath)) : undefined;
    id = operations().get(routeKey(method, apiPath)) ?? fallback ?? 'unknown';
    resolved.set(memoKey, id);
  }
  return id;
}

/** Loads the swagger before the first request is timed. */
export function preloadOperationIds(): void {
  operations();
}
