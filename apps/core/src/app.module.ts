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

@Module({
  imports: [InfrastructureModule, FirstStartModule, HealthModule, SystemModule, AuthModule, SessionsModule, UsersModule, ProjectsModule, MembersModule, RobotsModule, RegistryGatewayModule],
})
export class AppModule {}
