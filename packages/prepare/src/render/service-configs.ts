import { join } from 'node:path';
import {
  ConfigError,
  HARBOR_TS_VERSION,
  coreConfigSchema,
  jobserviceConfigSchema,
  parseDurationMs,
  registryConfigSchema,
  registryctlConfigSchema,
  trivyAdapterConfigSchema,
  type CoreConfig,
  type JobserviceConfig,
  type RegistryConfig,
  type RegistryctlConfig,
  type TrivyAdapterConfig,
} from '@harbor-ts/config';
import type { z } from 'zod';
import { DOCKER_LOG_DIR, type Layout } from '../layout.js';
import { DOCKER_TRIVY_DATA_DIR } from './docker-compose.js';
import type { Secrets } from '../secrets.js';

/** The only user the registry accepts: core and jobservice present it (Harbor's harbor_registry_user). */
export const REGISTRY_USER = 'harbor_registry_user';
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** Harbor's rule: external_url wins; otherwise the scheme and port nginx serves on, default ports omitted. */
export function externalUrl(layout: Layout): string {
  const { yml } = layout;
  if (yml.external_url) return yml.external_url.replace(/\/+$/, '');
  if (yml.https) return `https://${yml.hostname}${yml.https.port === 443 ? '' : `:${yml.https.port}`}`;
  const port = yml.http?.port ?? 80;
  return `http://${yml.hostname}${port === 80 ? '' : `:${port}`}`;
}

function registryCredentials(secrets: Secrets) {
  return { username: REGISTRY_USER, password: secrets.registryPassword };
}

/** The registry's Redis block; core reads the same one to consume the registry's events. */
function registryEvents(layout: Layout) {
  return { ...layout.redis('registry'), eventStream: 'harbor:registry:events' };
}

export function renderCoreConfig(layout: Layout, secrets: Secrets): CoreConfig {
  return validated(coreConfigSchema, {
    service: 'core',
    version: HARBOR_TS_VERSION,
    listen: layout.listen('core'),
    externalUrl: externalUrl(layout),
    log: layout.log('core'),
    database: layout.postgres(),
    redis: layout.redis('core'),
    registryEvents: registryEvents(layout),
    jobQueues: layout.redis('jobservice'),
    registry: { ...layout.endpoint('registry'), credentials: registryCredentials(secrets) },
    registryctl: layout.endpoint('registryctl'),
    jobservice: layout.endpoint('jobservice'),
    portal: layout.portal,
    ...(layout.trivy
      ? { trivy: { ...layout.trivy, ...(secrets.trivyApiKey ? { apiKey: secrets.trivyApiKey } : {}) } }
      : {}),
    secrets: {
      coreSecret: secrets.coreSecret,
      jobserviceSecret: secrets.jobserviceSecret,
      secretKey: secrets.secretKey,
    },
    token: { privateKeyFile: layout.tokenKeyFile, certificateFile: layout.tokenCertificateFile },
    adminInitialPassword: layout.yml.harbor_admin_password,
    ...(layout.yml.metric?.enabled ? { metrics: coreMetrics(layout.yml.metric) } : {}),
  });
}

/** Harbor's exporter reuses its figures for 23 seconds (HARBOR_EXPORTER_CACHE_TIME). */
const METRICS_CACHE_TTL_MS = 23_000;

/**
 * Core serves the metrics itself on metric.port (Harbor's nginx/exporter port), on every interface
 * like Harbor's 9090; nginx's public server never proxies it.
 */
function coreMetrics(metric: { port: number; path: string }): NonNullable<CoreConfig['metrics']> {
  return {
    listen: { host: '0.0.0.0', port: metric.port },
    path: metric.path,
    cacheTtlMs: METRICS_CACHE_TTL_MS,
  };
}

/** harbor-ts's own scanner adapter: harbor.yml's `trivy` keys it honours. */
export function renderTrivyAdapterConfig(
  layout: Layout,
  listen: NonNullable<Layout['trivyListen']>,
  apiKey?: string,
): TrivyAdapterConfig {
  const trivy = layout.yml.trivy;
  const native = layout.mode === 'native';
  return validated(trivyAdapterConfigSchema, {
    service: 'trivy-adapter',
    version: HARBOR_TS_VERSION,
    listen,
    log: {
      level: layout.log('core').level,
      file: join(native ? layout.host.logDir : DOCKER_LOG_DIR, 'trivy-adapter.log'),
    },
    // Harbor's place, so its offline guides (copy trivy.db into trivy-adapter/trivy/db) still apply;
    // compose mounts data_volume/trivy-adapter there.
    dataDir: native ? join(layout.host.dataVolume, 'trivy-adapter') : DOCKER_TRIVY_DATA_DIR,
    // Core presents it as `Authorization: Bearer <key>` (its registration of the bundled scanner).
    ...(apiKey ? { apiKey } : {}),
    scan: {
      ignoreUnfixed: trivy.ignore_unfixed,
      insecure: trivy.insecure,
      timeoutMs: durationMs(trivy.timeout),
      concurrency: 4,
    },
    trivy: {
      skipDbUpdate: trivy.skip_update,
      skipJavaDbUpdate: trivy.skip_java_db_update,
      offlineScan: trivy.offline_scan,
      scanners: trivy.security_check,
      ...(trivy.github_token ? { githubToken: trivy.github_token } : {}),
    },
    staleAfterHours: 168,
  });
}

export function renderRegistryConfig(layout: Layout): RegistryConfig {
  const purging = layout.yml.upload_purging;
  return validated(registryConfigSchema, {
    service: 'registry',
    version: HARBOR_TS_VERSION,
    listen: layout.listen('registry'),
    log: layout.log('registry'),
    storage: {
      rootDirectory: layout.storageRoot,
      deleteEnabled: deleteEnabled(layout),
      maxManifestBytes: MAX_MANIFEST_BYTES,
    },
    uploadPurging: {
      enabled: purging.enabled,
      ageMs: durationMs(purging.age),
      intervalMs: purgingIntervalMs(layout),
      dryRun: purging.dryrun,
    },
    auth: { htpasswdFile: layout.htpasswdFile },
    redis: registryEvents(layout),
  });
}

export function renderJobserviceConfig(layout: Layout, secrets: Secrets): JobserviceConfig {
  return validated(jobserviceConfigSchema, {
    service: 'jobservice',
    version: HARBOR_TS_VERSION,
    listen: layout.listen('jobservice'),
    log: layout.log('jobservice'),
    database: layout.postgres(),
    redis: layout.redis('jobservice'),
    maxJobWorkers: layout.yml.jobservice.max_job_workers,
    webhookJobMaxRetry: layout.yml.notification.webhook_job_max_retry,
    webhookJobHttpClientTimeout: layout.yml.notification.webhook_job_http_client_timeout,
    core: layout.endpoint('core'),
    registry: { ...layout.endpoint('registry'), credentials: registryCredentials(secrets) },
    registryctl: layout.endpoint('registryctl'),
    externalUrl: externalUrl(layout),
    internalCoreUrl: internalCoreUrl(layout),
    secrets: {
      coreSecret: secrets.coreSecret,
      jobserviceSecret: secrets.jobserviceSecret,
      secretKey: secrets.secretKey,
    },
  });
}

/**
 * Where the bundled scanner pulls from. Compose: core on the compose network, as Harbor's
 * `http://core:8080`. Native: core listens on a Unix socket and the adapter is a host process, which
 * reaches nginx by the external URL.
 */
function internalCoreUrl(layout: Layout): string {
  return layout.mode === 'docker' ? layout.endpoint('core').url : externalUrl(layout);
}

export function renderRegistryctlConfig(layout: Layout, secrets: Secrets): RegistryctlConfig {
  return validated(registryctlConfigSchema, {
    service: 'registryctl',
    version: HARBOR_TS_VERSION,
    listen: layout.listen('registryctl'),
    log: layout.log('registryctl'),
    storage: { rootDirectory: layout.storageRoot, deleteEnabled: deleteEnabled(layout) },
    secrets: { coreSecret: secrets.coreSecret, jobserviceSecret: secrets.jobserviceSecret },
  });
}

function deleteEnabled(layout: Layout): boolean {
  return layout.yml.storage_service?.delete?.enabled ?? true;
}

function purgingIntervalMs(layout: Layout): number {
  const ms = durationMs(layout.yml.upload_purging.interval);
  if (ms < 1000) throw new ConfigError(layout.file, 'upload_purging.interval', 'must be at least 1s');
  return ms;
}

function durationMs(value: string): number {
  return value === '0' ? 0 : parseDurationMs(value);
}

/** Self-check: a config the service would reject at boot is a prepare bug, reported before writing. */
function validated<S extends z.ZodType>(schema: S, value: z.input<S>): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `internal error: generated config is invalid at ${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  return result.data;
}
