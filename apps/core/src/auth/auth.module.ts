import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { AuthenticationService } from './authentication.service.js';
import { ProjectAccessResolver } from './project-access.resolver.js';
import { RobotNames } from './robot-names.js';
import { SecurityContextFactory } from './security-context.factory.js';
import { SessionStore } from './session.store.js';

/** Who the caller is and what they may do; global so every feature module and the token service can ask. */
@Global()
@Module({
  providers: [
    AuthenticationService,
    ProjectAccessResolver,
    RobotNames,
    SecurityContextFactory,
    SessionStore,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthenticationService, ProjectAccessResolver, RobotNames, SecurityContextFactory, SessionStore],
})
export class AuthModule {}
