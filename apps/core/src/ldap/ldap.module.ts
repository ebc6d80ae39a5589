import { Global, Module } from '@nestjs/common';
import { LdapController } from './ldap.controller.js';
import { LdapDirectory } from './ldap-directory.service.js';
import { LdapSignIn } from './ldap-sign-in.service.js';

/** The company directory: sign-in with it, and Harbor's `/ldap` endpoints. Global: auth and groups use it. */
@Global()
@Module({
  controllers: [LdapController],
  providers: [LdapDirectory, LdapSignIn],
  exports: [LdapDirectory, LdapSignIn],
})
export class LdapModule {}
