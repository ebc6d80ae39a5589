import type { EntityManager } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import type { ProjectRequest } from '../projects/project.dto.js';

/** Harbor's default `PERMITTED_REGISTRY_TYPES_FOR_PROXY_CACHE`, restricted to the types harbor-ts knows. */
export const PROXY_CACHE_REGISTRY_TYPES = [
  'docker-hub',
  'harbor',
  'ali-acr',
  'quay',
  'docker-registry',
  'github-ghcr',
];

/** Metadata Harbor keeps only on proxy-cache projects. */
const PROXY_ONLY_METADATA = [
  'proxy_speed_kb',
  'max_upstream_conn',
  'proxy_cache_filter_pattern',
  'proxy_cache_filter_kind',
];

const INT32 = /^[+-]?\d+$/;

/**
 * A new project's `registry_id`, checked as Harbor's project API does: admins only, a registry that
 * exists and whose type may back a proxy cache, an int32 `proxy_speed_kb`. Returns the id to store (0:
 * an ordinary project) and drops the proxy-only metadata from an ordinary project's request.
 */
export async function proxyRegistryOf(
  manager: EntityManager,
  security: SecurityContext,
  request: ProjectRequest,
): Promise<number> {
  const registryId = request.registry_id;
  if (registryId === undefined || registryId === null) {
    dropProxyMetadata(request);
    return 0;
  }
  if (!security.isSysAdmin()) throw HarborError.forbidden('Only system admin can create proxy cache project');
  if (registryId <= 0)
    throw HarborError.badRequest(`${registryId} is invalid value of registry_id, it should be geater than 0`);
  const [registry] = (await manager.query('SELECT type FROM registry WHERE id = $1', [registryId])) as {
    type: string;
  }[];
  if (!registry)
    throw HarborError.badRequest(
      `failed to get the registry ${registryId}: registry ${registryId} not found`,
    );
  if (!PROXY_CACHE_REGISTRY_TYPES.includes(registry.type))
    throw HarborError.badRequest(`unsupported registry type ${registry.type}`);
  const speed = request.metadata?.proxy_speed_kb;
  if (speed !== undefined && speed !== null && !isInt32(String(speed)))
    throw HarborError.badRequest(
      `metadata.proxy_speed_kb should by an int32, but got: '${String(speed)}', err: invalid syntax`,
    );
  delete request.metadata?.enable_content_trust;
  delete request.metadata?.enable_content_trust_cosign;
  return registryId;
}

/** An ordinary project's request: Harbor ignores the proxy-only metadata there. */
export function dropProxyMetadata(request: ProjectRequest): void {
  for (const key of PROXY_ONLY_METADATA) delete request.metadata?.[key];
}

function isInt32(text: string): boolean {
  if (!INT32.test(text)) return false;
  const value = Number(text);
  return value >= -2147483648 && value <= 2147483647;
}
