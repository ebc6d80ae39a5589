import { z } from 'zod';
import { isDuration } from './duration.js';

// The schema of harbor.yml: Harbor 2.x keys, Harbor's defaults. Objects are strict so a typo is an
// error naming the key; blocks Harbor leaves open-ended (trace attributes, storage drivers) stay loose.

const port = z.number().int().min(1).max(65535);
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);
const duration = z
  .union([z.string(), z.number()])
  .transform(String)
  .refine((v) => v === '0' || isDuration(v), 'must be a duration such as 30s, 5m or 168h');
const bool = z.boolean();

const https = z.strictObject({
  port: port.default(443),
  certificate: z.string().min(1),
  private_key: z.string().min(1),
  strong_ssl_ciphers: bool.default(false),
});

const database = z.strictObject({
  password: z.string().min(1),
  max_idle_conns: z.number().int().min(0).default(100),
  max_open_conns: z.number().int().min(0).default(900),
  conn_max_lifetime: duration.default('5m'),
  conn_max_idle_time: duration.default('0'),
});

const externalDatabase = z.strictObject({
  harbor: z.strictObject({
    host: z.string().min(1),
    port: port.default(5432),
    db_name: z.string().min(1),
    username: z.string().min(1),
    password: z.string().default(''),
    ssl_mode: z.enum(['disable', 'require', 'verify-ca', 'verify-full']).default('disable'),
    max_idle_conns: z.number().int().min(0).default(2),
    max_open_conns: z.number().int().min(0).default(0),
  }),
});

// Harbor's Redis db numbers per service, for its own redis (`redis:`) or an external one (`external_redis:`).
const redisDbIndexes = {
  registry_db_index: z.number().int().min(0).default(1),
  jobservice_db_index: z.number().int().min(0).default(2),
  trivy_db_index: z.number().int().min(0).default(5),
  harbor_db_index: z.number().int().min(0).default(0),
  cache_layer_db_index: z.number().int().min(0).default(0),
};

const externalRedis = z.strictObject({
  host: z.string().min(1),
  username: text,
  password: text,
  sentinel_master_set: text,
  tlsOptions: z.strictObject({ enable: bool.default(false), rootCA: text }).nullish(),
  ...redisDbIndexes,
  idle_timeout_seconds: z.number().int().min(0).default(30),
});

const storageService = z.strictObject({
  ca_bundle: text,
  filesystem: z
    .looseObject({ rootdirectory: z.string().optional(), maxthreads: z.number().int().optional() })
    .nullish(),
  s3: z.looseObject({}).nullish(),
  azure: z.looseObject({}).nullish(),
  gcs: z.looseObject({}).nullish(),
  swift: z.looseObject({}).nullish(),
  oss: z.looseObject({}).nullish(),
  redirect: z.strictObject({ disable: bool.default(false), disabled: bool.optional() }).nullish(),
  // harbor-ts extension, as in distribution's own config: deletion can be switched off.
  delete: z.strictObject({ enabled: bool.default(true) }).nullish(),
});

const trivy = z.strictObject({
  ignore_unfixed: bool.default(false),
  skip_update: bool.default(false),
  skip_java_db_update: bool.default(false),
  // OCI repositories the vulnerability databases are downloaded from (Harbor 2.12+); Trivy's own when unset.
  db_repository: text,
  java_db_repository: text,
  offline_scan: bool.default(false),
  security_check: z.string().default('vuln'),
  insecure: bool.default(false),
  timeout: duration.default('5m0s'),
  github_token: text,
});

const jobservice = z.strictObject({
  max_job_workers: z.number().int().min(1).max(1000).default(10),
  max_job_duration_hours: z.number().int().min(1).optional(),
  // `DB` is Harbor's name for the database logger (its template's `# - DB`); `DATABASE` is kept as an alias.
  job_loggers: z.array(z.enum(['STD_OUTPUT', 'FILE', 'DB', 'DATABASE'])).default(['STD_OUTPUT', 'FILE']),
  logger_sweeper_duration: z.number().int().min(0).default(1),
});

const notification = z.strictObject({
  webhook_job_max_retry: z.number().int().min(0).default(3),
  webhook_job_http_client_timeout: z.number().int().min(1).default(3),
});

const log = z.strictObject({
  level: z.enum(['debug', 'info', 'warning', 'error', 'fatal']).default('info'),
  local: z
    .strictObject({
      rotate_count: z.number().int().min(0).default(50),
      rotate_size: z
        .union([z.string(), z.number()])
        .transform(String)
        .refine((v) => /^\d+[kKmMgG]?$/.test(v), 'must be a size such as 200M')
        .default('200M'),
      location: z.string().min(1).default('/var/log/harbor'),
    })
    .prefault({}),
  external_endpoint: z
    .strictObject({ protocol: z.enum(['tcp', 'udp']), host: z.string().min(1), port })
    .nullish(),
});

const proxy = z.strictObject({
  http_proxy: text,
  https_proxy: text,
  no_proxy: text,
  components: z.array(z.enum(['core', 'jobservice', 'registry', 'trivy'])).nullish(),
});

const metric = z.strictObject({
  enabled: bool.default(false),
  port: port.default(9090),
  path: z.string().startsWith('/').default('/metrics'),
});

const trace = z.looseObject({
  enabled: bool.default(false),
  sample_rate: z.number().min(0).max(1).default(1),
  namespace: text,
  attributes: z.record(z.string(), z.unknown()).nullish(),
  jaeger: z.looseObject({}).nullish(),
  otel: z.looseObject({}).nullish(),
});

const internalTls = z.strictObject({
  enabled: bool.default(false),
  dir: z.string().default('/etc/harbor/tls/internal'),
});

const uploadPurging = z.strictObject({
  enabled: bool.default(true),
  age: duration.default('168h'),
  interval: duration.default('24h'),
  dryrun: bool.default(false),
});

const cache = z.strictObject({
  enabled: bool.default(false),
  expire_hours: z.number().int().min(1).default(24),
});

const ipFamily = z.strictObject({
  ipv6: z.strictObject({ enabled: bool.default(false) }).prefault({}),
  ipv4: z.strictObject({ enabled: bool.default(true) }).prefault({}),
});

export const harborYmlSchema = z.strictObject({
  hostname: z
    .string({ error: 'is required' })
    .min(1, 'is required')
    .refine((h) => h !== 'reg.mydomain.com', 'still has the template value; set your host name or IP')
    .refine((h) => /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(h), 'must be a host name or IP address'),
  http: z.strictObject({ port: port.default(80) }).nullish(),
  https: https.nullish(),
  internal_tls: internalTls.nullish(),
  external_url: z.url({ protocol: /^https?$/ }).nullish(),
  harbor_admin_password: z.string().min(1, 'is required'),
  database: database,
  data_volume: z.string().min(1).default('/data'),
  storage_service: storageService.nullish(),
  trivy: trivy.prefault({}),
  jobservice: jobservice.prefault({}),
  notification: notification.prefault({}),
  log: log.prefault({}),
  _version: z.union([z.string(), z.number()]).transform(String).optional(),
  external_database: externalDatabase.nullish(),
  // An empty `redis:` (the template's block uncommented with every index still commented) is null.
  redis: z.strictObject(redisDbIndexes).nullish(),
  external_redis: externalRedis.nullish(),
  uaa: z.strictObject({ ca_file: z.string() }).nullish(),
  proxy: proxy.nullish(),
  metric: metric.nullish(),
  trace: trace.nullish(),
  upload_purging: uploadPurging.prefault({}),
  cache: cache.prefault({}),
  core: z.strictObject({ quota_update_provider: z.enum(['db', 'redis']).default('db') }).nullish(),
  ip_family: ipFamily.nullish(),
  permission: z.strictObject({ uid: z.number().int(), gid: z.number().int() }).nullish(),
});

export type HarborYml = z.output<typeof harborYmlSchema>;
