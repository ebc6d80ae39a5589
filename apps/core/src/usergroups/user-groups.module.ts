import { Global, Module } from '@nestjs/common';
import { UserGroupsController } from './user-groups.controller.js';
import { UserGroupsService } from './user-groups.service.js';

/** User groups; global because sign-in (LDAP, OIDC) and project members use them. */
@Global()
@Module({
  controllers: [UserGroupsController],
  providers: [UserGroupsService],
  exports: [UserGroupsService],
})
export class UserGroupsModule {}
