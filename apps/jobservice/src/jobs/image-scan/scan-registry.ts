import type { DataSource } from 'typeorm';
import type { JobserviceConfig } from '@harbor-ts/config';
import type { RobotCredentials } from './scan-robot-lease.js';

/** The token service's name for the registry (core's `service=harbor-registry`). */
const REGISTRY_SERVICE = 'harbor-registry';
const TOKEN_TIMEOUT_MS = 30_000;

/** Where a scan's images are pulled from (and its SBOM pushed to), and whether that is core's internal URL. */
export interface ScanRegistry {
  url: string;
  internal: boolean;
}

/**
 * Harbor's rule: a scanner registered with `use_internal_addr` (the bundled one) pulls from core's
 * internal URL, any other from the external URL.
 */
export async function scanRegistryOf(
  db: DataSource,
  config: JobserviceConfig,
  registrationUuid: string,
): Promise<ScanRegistry> {
  const [row] = (await db.query('SELECT use_internal_addr FROM scanner_registration WHERE uuid = $1', [
    registrationUuid,
  ])) as { use_internal_addr: boolean }[];
  const internal = Boolean(row?.use_internal_addr && config.internalCoreUrl);
  return { url: internal ? config.internalCoreUrl! : config.externalUrl, internal };
}

/**
 * The `Authorization` the scanner presents to the registry. At the internal URL it is a token from
 * core's token service there (Harbor's makeBearerAuthorization): a scanner that exchanged the robot's
 * credentials itself would follow core's challenge to the external URL, which containers cannot reach.
 */
export async function scannerAuthorization(
  registry: ScanRegistry,
  robot: RobotCredentials,
  repository: string,
  actions: readonly string[],
  signal: AbortSignal,
): Promise<string> {
  const basic = `Basic ${Buffer.from(`${robot.username}:${robot.password}`).toString('base64')}`;
  if (!registry.internal) return basic;
  const url = new URL(`${registry.url.replace(/\/+$/, '')}/service/token`);
  url.searchParams.set('service', REGISTRY_SERVICE);
  url.searchParams.set('scope', `repository:${repository}:${actions.join(',')}`);
  const response = await fetch(url, {
    headers: { authorization: basic },
    signal: AbortSignal.any([signal, AbortSignal.timeout(TOKEN_TIMEOUT_MS)]),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string };
  if (!response.ok || !body.token)
    throw new Error(`the token service at ${registry.url} answered ${response.status} for the scan robot`);
  return `Bearer ${body.token}`;
}
