import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  parseDurationMs,
  type Endpoint,
  type HarborYml,
  type Listen,
  type LogConfig,
  type PostgresConfig,
  type RedisConfig,
} from '@harbor-ts/config';

export type Service = 'core' | 'registry' | 'registryctl' | 'jobservice';
export type Mode = 'native' | 'docker';

/** The repository this prepare runs from (packages/prepare/dist/ → three levels up). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where every container writes its log files; compose mounts log.local.location there. */
export const DOCKER_LOG_DIR = '/var/log/harbor';

/** A Unix socket path must fit sockaddr_un.sun_path: 108 bytes including the terminating NUL. */
export const MAX_SOCKET_PATH_BYTES = 107;

/** The harbor.yml key holding each service's Redis db index. */
const REDIS_DB = {
  core: 'harbor_db_index',
  registry: 'registry_db_index',
  jobservice: 'jobservice_db_index',
} as const;
const DEFAULT_REDIS_DB = {
  harbor_db_index: 0,
  registry_db_index: 1,
  jobservice_db_index: 2,
  trivy_db_index: 5,
};
type RedisUser = keyof typeof REDIS_DB;

/**
 * A Redis db index as Harbor's prepare picks it: from `external_redis` when Redis is external, else from
 * the `redis:` block (the private redis), else Harbor's default.
 */
export function redisDbIndex(yml: HarborYml, key: keyof typeof DEFAULT_REDIS_DB): number {
  return (yml.external_redis ?? yml.redis)?.[key] ?? DEFAULT_REDIS_DB[key];
}

/**
 * Where everything is, as the services see it. Native mode: host paths and Unix sockets under
 * <data_volume>/run. Docker mode: container paths and compose service names. Host paths (what
 * prepare itself writes) are in `host`.
 */
export interface Layout {
  mode: Mode;
  yml: HarborYml;
  file: string;
  host: {
    harborDir: string;
    configDir: string;
    dataVolume: string;
    secretDir: string;
    logDir: string;
    storageRoot: string;
    runDir: string;
  };
  storageRoot: string;
  htpasswdFile: string;
  tokenKeyFile: string;
  tokenCertificateFile: string;
  portal: { root: string } | Endpoint;
  /** The scanner adapter core registers as "Trivy", when installed `--with-trivy`. */
  trivy?: Endpoint;
  /** Where harbor-ts's own adapter listens (native: loopback; scanners are called by URL). */
  trivyListen?: Listen;
  /** Whether harborctl/compose runs a private postgres and redis (no external_database/external_redis). */
  privatePostgres: boolean;
  privateRedis: boolean;
  listen(service: Service): Listen;
  endpoint(service: Service): Endpoint;
  log(service: Service): LogConfig;
  postgres(): PostgresConfig;
  redis(service: RedisUser): RedisConfig;
}

export function nativeSockets(dataVolume: string) {
  const run = join(dataVolume, 'run');
  return {
    run,
    core: join(run, 'core.sock'),
    registry: join(run, 'registry.sock'),
    registryctl: join(run, 'registryctl.sock'),
    jobservice: join(run, 'jobservice.sock'),
    redis: join(run, 'redis.sock'),
    postgresDir: join(run, 'postgresql'),
    postgres: join(run, 'postgresql', '.s.PGSQL.5432'),
  };
}

type ModeSpecific = Pick<
  Layout,
  | 'storageRoot'
  | 'htpasswdFile'
  | 'tokenKeyFile'
  | 'tokenCertificateFile'
  | 'portal'
  | 'trivy'
  | 'trivyListen'
  | 'listen'
  | 'endpoint'
  | 'log'
> & {
  privatePostgres(): PostgresConfig;
  privateRedis(service: RedisUser): RedisConfig;
};

/** `trivyPort`: the loopback port of the native adapter, chosen by prepare when `--with-trivy`. */
export function buildLayout(
  yml: HarborYml,
  file: string,
  mode: Mode,
  withTrivy: boolean,
  trivyPort?: number,
): Layout {
  const harborDir = dirname(file);
  const dataVolume = yml.data_volume;
  const host = {
    harborDir,
    configDir: join(harborDir, 'common', 'config'),
    dataVolume,
    secretDir: join(dataVolume, 'secret'),
    logDir: yml.log.local.location,
    storageRoot: yml.storage_service?.filesystem?.rootdirectory ?? join(dataVolume, 'registry'),
    runDir: join(dataVolume, 'run'),
  };
  const specific =
    mode === 'native'
      ? nativeLayout(yml, file, host, withTrivy ? trivyPort : undefined)
      : dockerLayout(yml, withTrivy);
  const { privatePostgres, privateRedis, ...paths } = specific;
  return {
    mode,
    yml,
    file,
    host,
    privatePostgres: !yml.external_database,
    privateRedis: !yml.external_redis,
    ...paths,
    postgres: () => externalPostgres(yml) ?? privatePostgres(),
    redis: (service) => externalRedis(yml, service) ?? privateRedis(service),
  };
}

function logLevel(yml: HarborYml): LogConfig['level'] {
  return yml.log.level === 'warning' ? 'warn' : yml.log.level;
}

function nativeLayout(
  yml: HarborYml,
  file: string,
  host: Layout['host'],
  trivyPort: number | undefined,
): ModeSpecific {
  const sockets = nativeSockets(yml.data_volume);
  checkNativePaths(file, yml, sockets);
  return {
    ...(trivyPort
      ? {
          trivy: { url: `http://127.0.0.1:${trivyPort}` },
          trivyListen: { host: '127.0.0.1', port: trivyPort },
        }
      : {}),
    storageRoot: host.storageRoot,
    htpasswdFile: join(host.configDir, 'registry', 'passwd'),
    tokenKeyFile: join(host.secretDir, 'core', 'private_key.pem'),
    tokenCertificateFile: join(host.secretDir, 'registry', 'root.crt'),
    portal: { root: join(REPO_ROOT, 'apps', 'portal', 'dist') },
    listen: (service) => ({ socket: sockets[service] }),
    endpoint: (service) => ({ url: `http://${service}`, socket: sockets[service] }),
    log: (service) => ({ level: logLevel(yml), file: join(host.logDir, `${service}.log`) }),
    // No password: the server listens only on its socket, in a folder only this instance uses.
    privatePostgres: () => ({
      ...poolSettings(yml),
      host: sockets.postgresDir,
      port: 5432,
      database: 'registry',
      user: 'postgres',
      password: '',
      sslMode: 'disable',
    }),
    privateRedis: (service) => ({
      path: sockets.redis,
      db: redisDbIndex(yml, REDIS_DB[service]),
      keyPrefix: 'harbor:',
    }),
  };
}

function dockerLayout(yml: HarborYml, withTrivy: boolean): ModeSpecific {
  const port = (service: Service) => (service === 'registry' ? 5000 : 8080);
  return {
    storageRoot: '/storage',
    htpasswdFile: '/etc/harbor/registry/passwd',
    tokenKeyFile: '/etc/harbor/secret/core/private_key.pem',
    tokenCertificateFile: '/etc/harbor/secret/registry/root.crt',
    portal: { url: 'http://portal:8080' },
    trivy: withTrivy ? { url: 'http://trivy-adapter:8080' } : undefined,
    trivyListen: withTrivy ? { host: '0.0.0.0', port: 8080 } : undefined,
    listen: (service) => ({ host: '0.0.0.0', port: port(service) }),
    endpoint: (service) => ({ url: `http://${service}:${port(service)}` }),
    log: (service) => ({ level: logLevel(yml), file: `${DOCKER_LOG_DIR}/${service}.log` }),
    privatePostgres: () => ({
      ...poolSettings(yml),
      host: 'postgresql',
      port: 5432,
      database: 'registry',
      user: 'postgres',
      password: yml.database.password,
      sslMode: 'disable',
    }),
    privateRedis: (service) => ({
      host: 'redis',
      port: 6379,
      db: redisDbIndex(yml, REDIS_DB[service]),
      keyPrefix: 'harbor:',
    }),
  };
}

function poolSettings(yml: HarborYml) {
  return {
    maxOpenConns: yml.database.max_open_conns,
    maxIdleConns: yml.database.max_idle_conns,
    connMaxLifetimeMs:
      yml.database.conn_max_lifetime === '0' ? 0 : parseDurationMs(yml.database.conn_max_lifetime),
  };
}

function externalPostgres(yml: HarborYml): PostgresConfig | undefined {
  const db = yml.external_database?.harbor;
  if (!db) return undefined;
  return {
    host: db.host,
    port: db.port,
    database: db.db_name,
    user: db.username,
    password: db.password,
    sslMode: db.ssl_mode,
    maxOpenConns: db.max_open_conns,
    maxIdleConns: db.max_idle_conns,
    connMaxLifetimeMs: poolSettings(yml).connMaxLifetimeMs,
  };
}

/** external_redis.host is Harbor's "host:port" (port 6379 when absent). */
function externalRedis(yml: HarborYml, service: RedisUser): RedisConfig | undefined {
  const redis = yml.external_redis;
  if (!redis) return undefined;
  const match = /^(.*?)(?::(\d+))?$/.exec(redis.host.split(',')[0]?.trim() ?? '');
  return {
    host: match?.[1] || redis.host,
    port: match?.[2] ? Number(match[2]) : 6379,
    ...(redis.username ? { username: redis.username } : {}),
    ...(redis.password ? { password: redis.password } : {}),
    db: redisDbIndex(yml, REDIS_DB[service]),
    keyPrefix: 'harbor:',
  };
}

/** Native mode passes paths on command lines and into sockaddr_un, so they must be short and plain. */
function checkNativePaths(file: string, yml: HarborYml, sockets: ReturnType<typeof nativeSockets>): void {
  for (const [key, path] of [
    ['data_volume', yml.data_volume],
    ['log.local.location', yml.log.local.location],
  ] as const) {
    if (/\s|'|"/.test(path))
      throw new ConfigError(file, key, `"${path}" must not contain spaces or quotes in native mode`);
  }
  const longest = [
    sockets.core,
    sockets.registry,
    sockets.registryctl,
    sockets.jobservice,
    sockets.redis,
    sockets.postgres,
  ]
    .map((path) => ({ path, bytes: Buffer.byteLength(path) }))
    .sort((a, b) => b.bytes - a.bytes)[0];
  if (longest && longest.bytes > MAX_SOCKET_PATH_BYTES) {
    throw new ConfigError(
      file,
      'data_volume',
      `socket path ${longest.path} is ${longest.bytes} bytes; Unix sockets allow at most ${MAX_SOCKET_PATH_BYTES}. Use a shorter data_volume`,
    );
  }
}
