import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { UsersModule } from './users/users.module.js';
import { ProjectsModule } from './projects/projects.module.js';
import { MembersModule } from './members/members.module.js';
import { RobotsModule } from './robots/robots.module.js';
import { FirstStartModule } from './bootstrap/first-start.module.js';
import { HealthModule } from './health/health.module.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';
import { SystemModule } from './system/system.module.js';
import { RegistryGatewayModule } from './registry-gateway/registry-gateway.module.js';
import { EventsModule } from './events/events.module.js';
import { AuditLogsModule } from './audit-logs/audit-logs.module.js';
import { ConfigurationsModule } from './configurations/configurations.module.js';
import { QuotasModule } from './quotas/quotas.module.js';
import { RepositoriesModule } from './repositories/repositories.module.js';
import { LabelsModule } from './labels/labels.module.js';
import { SearchModule } from './search/search.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';
import { CveAllowlistModule } from './cve-allowlist/cve-allowlist.module.js';
import { SecurityHubModule } from './security-hub/security-hub.module.js';
import { ArtifactCopyModule } from './artifact-copy/artifact-copy.module.js';
import { ArtifactAdditionsModule } from './artifact-additions/artifact-additions.module.js';
import { ArtifactAccessoriesModule } from './artifact-accessories/artifact-accessories.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { GcModule } from './gc/gc.module.js';
import { PurgeAuditModule } from './purge-audit/purge-audit.module.js';
import { JobserviceMonitorModule } from './jobservice-monitor/jobservice-monitor.module.js';
import { ScannersModule } from './scanners/scanners.module.js';
import { ScansModule } from './scans/scans.module.js';
import { LdapModule } from './ldap/ldap.module.js';
import { OidcModule } from './oidc/oidc.module.js';
import { UserGroupsModule } from './usergroups/user-groups.module.js';
import { ImmutableTagsModule } from './immutable-tags/immutable-tags.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { RegistriesModule } from './registries/registries.module.js';
import { ReplicationModule } from './replication/replication.module.js';
import { ReplicationExecutionsModule } from './replication/executions/replication-executions.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { IconsModule } from './icons/icons.module.js';

@Module({
  imports: [
    EventsModule,
    InfrastructureModule,
    JobsModule,
    FirstStartModule,
    HealthModule,
    SystemModule,
    LdapModule,
    OidcModule,
    UserGroupsModule,
    AuthModule,
    SessionsModule,
    UsersModule,
    ProjectsModule,
    MembersModule,
    RobotsModule,
    RegistryGatewayModule,
    AuditLogsModule,
    ConfigurationsModule,
    QuotasModule,
    RepositoriesModule,
    LabelsModule,
    SearchModule,
    StatisticsModule,
    CveAllowlistModule,
    SecurityHubModule,
    ScannersModule,
    ScansModule,
    ArtifactCopyModule,
    ArtifactAdditionsModule,
    ArtifactAccessoriesModule,
    IconsModule,
    GcModule,
    PurgeAuditModule,
    JobserviceMonitorModule,
    ImmutableTagsModule,
    WebhooksModule,
    RetentionModule,
    RegistriesModule,
    MetricsModule,
    ReplicationModule,
    ReplicationExecutionsModule,
  ],
})
export class AppModule {}
