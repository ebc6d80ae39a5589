import { Global, Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module.js';
import { OidcLoginStore } from './oidc-login.store.js';
import { OidcPingController } from './oidc-ping.controller.js';
import { OidcProviderClient } from './oidc-provider.client.js';
import { OidcSignIn } from './oidc-sign-in.service.js';
import { OidcUsersService } from './oidc-users.service.js';
import { OidcController } from './oidc.controller.js';

/** Sign-in through an OpenID Connect provider; global because auth (CLI secrets, ID tokens) and users use it. */
@Global()
@Module({
  imports: [SessionsModule],
  controllers: [OidcController, OidcPingController],
  providers: [OidcProviderClient, OidcSignIn, OidcUsersService, OidcLoginStore],
  exports: [OidcSignIn, OidcUsersService],
})
export class OidcModule {}
