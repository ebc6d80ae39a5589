import type { DataSourceOptions } from 'typeorm';
import type { PostgresConfig } from '@harbor-ts/config';
import * as artifacts from './entities/artifact.entities.js';
import * as labels from './entities/label.entities.js';
import * as projects from './entities/project.entities.js';
import * as users from './entities/user.entities.js';
import { InitialSchema1700000000000 } from './migrations/1700000000000-initial-schema.js';
import { LabelsAllowlistApiIndexes1700000001000 } from './migrations/1700000001000-labels-allowlist-api-indexes.js';
import { RepositoryListingIndex1700000002000 } from './migrations/1700000002000-repository-listing-index.js';
import { NameSearchIndexes1700000003000 } from './migrations/1700000003000-name-search-indexes.js';
import { ArtifactApiIndexes1700000004000 } from './migrations/1700000004000-artifact-api-indexes.js';
import { AuditLogCount1700000005000 } from './migrations/1700000005000-audit-log-count.js';
import { Jobs1700000006000 } from './migrations/1700000006000-jobs.js';
import { RobotStoredNames1700000007000 } from './migrations/1700000007000-robot-stored-names.js';
import { ScannerRegistrations1700000010000 } from './migrations/1700000010000-scanner-registrations.js';
import { ScanReports1700000011000 } from './migrations/1700000011000-scan-reports.js';
import { ScanAllIndex1700000012000 } from './migrations/1700000012000-scan-all-index.js';
import { VulnerabilityRecords1700000013000 } from './migrations/1700000013000-vulnerability-records.js';
import { UserGroups1700000014000 } from './migrations/1700000014000-user-groups.js';
import { OidcUsers1700000015000 } from './migrations/1700000015000-oidc-users.js';
import { ImmutableTagRules1700000016000 } from './migrations/1700000016000-immutable-tag-rules.js';
import { WebhookPolicies1700000017000 } from './migrations/1700000017000-webhook-policies.js';
import { RetentionPolicies1700000018000 } from './migrations/1700000018000-retention-policies.js';
import { Replication1700000019000 } from './migrations/1700000019000-replication.js';
import { ArtifactCountIndex1700000023000 } from './migrations/1700000023000-artifact-count-index.js';
import { SbomReports1700000025000 } from './migrations/1700000025000-sbom-reports.js';
import { RegistryCaCertificate1700000029000 } from './migrations/1700000029000-registry-ca-certificate.js';
import { AuditLogCountPerProject1700000030000 } from './migrations/1700000030000-audit-log-count-per-project.js';
import { RepositoryArtifactCount1700000031000 } from './migrations/1700000031000-repository-artifact-count.js';
import { RepositoryNameVersion1700000032000 } from './migrations/1700000032000-repository-name-version.js';
import { HarborArtifactTypes1700000033000 } from './migrations/1700000033000-harbor-artifact-types.js';
import { ProjectRepoCount1700000034000 } from './migrations/1700000034000-project-repo-count.js';
import { ArtifactTagCount1700000035000 } from './migrations/1700000035000-artifact-tag-count.js';

export const ENTITIES = [
  ...Object.values(users),
  ...Object.values(projects),
  ...Object.values(artifacts),
  ...Object.values(labels),
];

/** Every migration, in order. Never edit one that has shipped; add a new one. */
export const MIGRATIONS = [
  InitialSchema1700000000000,
  LabelsAllowlistApiIndexes1700000001000,
  RepositoryListingIndex1700000002000,
  NameSearchIndexes1700000003000,
  ArtifactApiIndexes1700000004000,
  AuditLogCount1700000005000,
  Jobs1700000006000,
  RobotStoredNames1700000007000,
  ScannerRegistrations1700000010000,
  ScanReports1700000011000,
  ScanAllIndex1700000012000,
  VulnerabilityRecords1700000013000,
  UserGroups1700000014000,
  OidcUsers1700000015000,
  ImmutableTagRules1700000016000,
  WebhookPolicies1700000017000,
  RetentionPolicies1700000018000,
  Replication1700000019000,
  ArtifactCountIndex1700000023000,
  SbomReports1700000025000,
  RegistryCaCertificate1700000029000,
  AuditLogCountPerProject1700000030000,
  RepositoryArtifactCount1700000031000,
  RepositoryNameVersion1700000032000,
  HarborArtifactTypes1700000033000,
  ProjectRepoCount1700000034000,
  ArtifactTagCount1700000035000,
];

/** TypeORM options for Harbor's database; only core runs migrations, and never `synchronize`. */
export function dataSourceOptions(
  pg: PostgresConfig,
  options: { runMigrations: boolean; idleTimeoutMs?: number },
): DataSourceOptions {
  return {
    type: 'postgres',
    host: pg.host,
    port: pg.port,
    username: pg.user,
    password: pg.password,
    database: pg.database,
    ssl: pg.sslMode === 'disable' ? false : { rejectUnauthorized: pg.sslMode === 'verify-full' },
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: options.runMigrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: {
      max: pg.maxOpenConns > 0 ? Math.min(pg.maxOpenConns, 50) : 20,
      // An idle connection closes after 10 s (pg's own default) unless the caller says otherwise: each
      // one holds a Postgres backend of ~20 MiB RSS, which an idle instance otherwise keeps for good
      // (bench/footprint).
      idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
      maxLifetimeSeconds: Math.floor(pg.connMaxLifetimeMs / 1000),
    },
  };
}
