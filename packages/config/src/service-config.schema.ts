import { z } from 'zod';

// The configuration each service reads at boot, written by ./prepare under common/config/<service>/.
// Services never read harbor.yml or the environment; this file is all they know.

const port = z.number().int().min(0).max(65535);

/** Where a service accepts connections: a TCP address or a Unix socket (native mode). */
export const listenSchema = z.union([
  z.strictObject({ host: z.string().min(1), port }),
  z.strictObject({ socket: z.string().min(1) }),
]);
export type Listen = z.output<typeof listenSchema>;

/** How to reach another service: its base URL, optionally through a Unix socket. */
export const endpointSchema = z.strictObject({ url: z.url(), socket: z.string().min(1).optional() });
export type Endpoint = z.output<typeof endpointSchema>;

export const logSchema = z.strictObject({
  level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']),
  /** JSON lines are appended here; standard output when absent. */
  file: z.string().min(1).optional(),
});
export type LogConfig = z.output<typeof logSchema>;

export const postgresSchema = z.strictObject({
  /** A host name, or the directory holding the server's Unix socket. */
  host: z.string().min(1),
  port,
  database: z.string().min(1),
  user: z.string().min(1),
  password: z.string(),
  sslMode: z.enum(['disable', 'require', 'verify-ca', 'verify-full']),
  maxOpenConns: z.number().int().min(0),
  maxIdleConns: z.number().int().min(0),
  connMaxLifetimeMs: z.number().int().min(0),
});
export type PostgresConfig = z.output<typeof postgresSchema>;

export const redisSchema = z.strictObject({
  host: z.string().min(1).optional(),
  port: port.optional(),
  /** Unix socket path; used instead of host/port when set. */
  path: z.string().min(1).optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  db: z.number().int().min(0),
  /** Prefix of every key and queue this service writes, so instances can share a server. */
  keyPrefix: z.string().min(1),
});
export type RedisConfig = z.output<typeof redisSchema>;

export const registryCredentialsSchema = z.strictObject({
  username: z.string().min(1),
  password: z.string().min(1),
});

export const coreConfigSchema = z.strictObject({
  service: z.literal('core'),
  version: z.string(),
  listen: listenSchema,
  externalUrl: z.url(),
  log: logSchema,
  database: postgresSchema,
  redis: redisSchema,
  registry: endpointSchema.extend({ credentials: registryCredentialsSchema }),
  registryctl: endpointSchema,
  jobservice: endpointSchema,
  /** The portal is healthy when its index page is served (docker) or present on disk (native). */
  portal: z.union([endpointSchema, z.strictObject({ root: z.string().min(1) })]),
  /** The bundled scanner adapter, registered at start as "Trivy" with `apiKey` as its `Bearer` credential. */
  trivy: endpointSchema.extend({ apiKey: z.string().min(16).optional() }).optional(),
  /** Where the registry publishes "blob committed" events: the registry's own Redis block, verbatim. */
  registryEvents: redisSchema.extend({ eventStream: z.string().min(1) }),
  /** Where core enqueues background jobs: jobservice's Redis block, verbatim (BullMQ queues live there). */
  jobQueues: redisSchema,
  secrets: z.strictObject({
    coreSecret: z.string().min(16),
    jobserviceSecret: z.string().min(16),
    /** Key for encrypting stored credentials (registry endpoints, OIDC client secrets). */
    secretKey: z.string().length(16),
  }),
  token: z.strictObject({ privateKeyFile: z.string().min(1), certificateFile: z.string().min(1) }),
  /** Used only when the database has no admin yet. */
  adminInitialPassword: z.string().min(1),
  /** harbor.yml's `metric` when enabled: Prometheus text on core's own TCP listener, never through nginx. */
  metrics: z
    .strictObject({
      listen: z.strictObject({ host: z.string().min(1), port }),
      path: z.string().startsWith('/'),
      /** How long the exporter's database, health and queue figures are reused (Harbor's 23s cache). */
      cacheTtlMs: z.number().int().min(0),
    })
    .optional(),
});
export type CoreConfig = z.output<typeof coreConfigSchema>;

export const registryConfigSchema = z.strictObject({
  service: z.literal('registry'),
  version: z.string(),
  listen: listenSchema,
  log: logSchema,
  storage: z.strictObject({
    /** Distribution's rootdirectory: blobs live under <root>/docker/registry/v2. */
    rootDirectory: z.string().min(1),
    deleteEnabled: z.boolean(),
    maxManifestBytes: z.number().int().min(1024),
  }),
  uploadPurging: z.strictObject({
    enabled: z.boolean(),
    ageMs: z.number().int().min(0),
    intervalMs: z.number().int().min(1000),
    dryRun: z.boolean(),
  }),
  /** Only core's generated credentials are accepted (bcrypt htpasswd, as distribution uses). */
  auth: z.strictObject({ htpasswdFile: z.string().min(1) }),
  redis: redisSchema.extend({ eventStream: z.string().min(1) }),
});
export type RegistryConfig = z.output<typeof registryConfigSchema>;

export const jobserviceConfigSchema = z.strictObject({
  service: z.literal('jobservice'),
  version: z.string(),
  listen: listenSchema,
  log: logSchema,
  database: postgresSchema,
  redis: redisSchema,
  maxJobWorkers: z.number().int().min(1),
  core: endpointSchema,
  registry: endpointSchema.extend({ credentials: registryCredentialsSchema }),
  registryctl: endpointSchema,
  /** nginx's URL as users reach it (Harbor's ext_endpoint): where scanners registered without `use_internal_addr` pull. */
  externalUrl: z.url(),
  /**
   * Harbor's internal core URL: where scanners registered with `use_internal_addr` (the bundled one)
   * pull, and SBOMs are pushed. Containers cannot reach the external URL; absent, the external URL.
   */
  internalCoreUrl: z.url().optional(),
  secrets: z.strictObject({
    coreSecret: z.string().min(16),
    jobserviceSecret: z.string().min(16),
    /** Opens stored credentials (scanner registrations) that core sealed. */
    secretKey: z.string().length(16),
  }),
  /** harbor.yml's `notification`: attempts per webhook delivery and seconds to wait for an answer (Harbor's 3 and 3). */
  webhookJobMaxRetry: z.number().int().min(0).optional(),
  webhookJobHttpClientTimeout: z.number().int().min(1).optional(),
  /** Heartbeat and recovery timings in ms; prepare leaves them out (the defaults), tests shorten them. */
  taskTimings: z
    .strictObject({
      heartbeatMs: z.number().int().min(10),
      deadAfterMs: z.number().int().min(100),
      recoverEveryMs: z.number().int().min(10),
      requeueAfterMs: z.number().int().min(0),
    })
    .optional(),
});
export type JobserviceConfig = z.output<typeof jobserviceConfigSchema>;

export const registryctlConfigSchema = z.strictObject({
  service: z.literal('registryctl'),
  version: z.string(),
  listen: listenSchema,
  log: logSchema,
  storage: z.strictObject({ rootDirectory: z.string().min(1), deleteEnabled: z.boolean() }),
  /** Callers (core, jobservice) present `Authorization: Harbor-Secret <secret>`. */
  secrets: z.strictObject({ coreSecret: z.string().min(16), jobserviceSecret: z.string().min(16) }),
});
export type RegistryctlConfig = z.output<typeof registryctlConfigSchema>;

export const trivyAdapterConfigSchema = z.strictObject({
  service: z.literal('trivy-adapter'),
  version: z.string(),
  listen: listenSchema,
  log: logSchema,
  /** Harbor's `<data_volume>/trivy-adapter`: `trivy/db/` and `osv/` hold the vulnerability databases. */
  dataDir: z.string().min(1),
  /** When set, callers present it as `Authorization: Bearer <key>` or `X-ScannerAdapter-API-Key`. */
  apiKey: z.string().min(16).optional(),
  scan: z.strictObject({
    /** harbor.yml `trivy.ignore_unfixed`: leave out findings without a fixed version. */
    ignoreUnfixed: z.boolean(),
    /** harbor.yml `trivy.insecure`: do not verify the registry's certificate. */
    insecure: z.boolean(),
    /** harbor.yml `trivy.timeout`: one scan's limit. */
    timeoutMs: z.number().int().min(1000),
    /** Scans pulling and matching at the same time; the rest wait in order. */
    concurrency: z.number().int().min(1).max(64),
  }),
  /**
   * The `trivy` CLI engine, used when the binary is found (`path`, else `trivy` on PATH); harbor.yml's
   * other `trivy.*` keys. Without a binary the built-in engine scans and these are not used.
   */
  trivy: z
    .strictObject({
      path: z.string().min(1).optional(),
      skipDbUpdate: z.boolean(),
      skipJavaDbUpdate: z.boolean(),
      offlineScan: z.boolean(),
      /** harbor.yml `trivy.security_check`, Trivy's `--scanners`. */
      scanners: z.string().min(1),
      /** harbor.yml `trivy.github_token`, passed to trivy as `GITHUB_TOKEN`; never logged. */
      githubToken: z.string().min(1).optional(),
    })
    .optional(),
  /** A database older than this is reported stale in the metadata (scans still run). */
  staleAfterHours: z.number().int().min(1).default(168),
});
export type TrivyAdapterConfig = z.output<typeof trivyAdapterConfigSchema>;
