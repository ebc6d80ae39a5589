import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { passwordPolicyViolation } from '@harbor-ts/auth';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { Security } from '../auth/security.decorator.js';
import { operatorOf } from '../events/operator.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { parseId, validate } from '../common/validation.js';
import { OidcUsersService } from '../oidc/oidc-users.service.js';
import { ConfigurationService } from '../system/configuration.service.js';
import { currentPermissions } from './current-permissions.js';
import {
  passwordChangeSchema,
  sysadminFlagSchema,
  toUserResp,
  userCreationSchema,
  userProfileSchema,
} from './user.dto.js';
import { ADMIN_USER_ID, UsersService } from './users.service.js';

const cliSecretSchema = z.object({ secret: z.string() });

/** Harbor makes one up when the request's secret is empty. */
function randomCliSecret(): string {
  for (;;) {
    const secret = randomBytes(24).toString('base64url');
    if (!passwordPolicyViolation(secret)) return secret;
  }
}

type ListQuery = { q?: string; sort?: string; page?: string; page_size?: string };

@Controller('api/v2.0/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly configuration: ConfigurationService,
    private readonly oidcUsers: OidcUsersService,
  ) {}

  /**
   * Admins create users; anyone may when self-registration is on, and never as an admin. Only in
   * `db_auth` mode: elsewhere users come from the directory or the provider.
   */
  @Post()
  async createUser(
    @Security() security: SecurityContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const mode = await this.configuration.get('auth_mode');
    if (mode !== 'db_auth') {
      throw HarborError.forbidden(`creating local user is not allowed under auth mode: ${mode}`);
    }
    if (!security.isSysAdmin() && !(await this.configuration.get('self_registration'))) {
      throw HarborError.forbidden('self-registration is disabled, only sysadmin can create user');
    }
    const input = validate(userCreationSchema, body);
    const userId = await this.users.create(operatorOf(security), input);
    void reply.status(201).header('location', `/api/v2.0/users/${userId}`);
  }

  @Get()
  async listUsers(
    @Security() security: SecurityContext,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    security.requireSysAdmin();
    const paging = parsePaging(query);
    const { rows, total } = await this.users.list(query, paging);
    setPageHeaders(req, reply, paging, total);
    return rows.map(toUserResp);
  }

  @Get('search')
  async searchUsers(
    @Security() security: SecurityContext,
    @Query() query: ListQuery & { username?: string },
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    security.requireAuthenticated();
    if (!query.username) throw HarborError.badRequest('username: required');
    const paging = parsePaging(query);
    const { rows, total } = await this.users.search(query.username, paging);
    setPageHeaders(req, reply, paging, total);
    return rows.map((row) => ({ user_id: row.user_id, username: row.username }));
  }

  /** With `oidc_user_meta` (the CLI secret included) for a user onboarded through OIDC, as Harbor's profile shows. */
  @Get('current')
  async getCurrentUserInfo(@Security() security: SecurityContext) {
    const userId = this.localUserId(security);
    const user = toUserResp(await this.users.get(userId));
    const oidcMeta = await this.oidcUsers.metaFor(userId);
    return oidcMeta ? { ...user, oidc_user_meta: oidcMeta } : user;
  }

  /** Harbor's setCliSecret: oneself or an admin, in `oidc_auth` mode, for a user onboarded through OIDC. */
  @Put(':user_id/cli_secret')
  async setCliSecret(
    @Security() security: SecurityContext,
    @Param('user_id') id: string,
    @Body() body: unknown,
  ) {
    const userId = this.selfOrAdmin(security, id);
    if ((await this.configuration.get('auth_mode')) !== 'oidc_auth') {
      throw HarborError.precondition('the auth mode has to be oidc auth');
    }
    const secret = validate(cliSecretSchema, body).secret || randomCliSecret();
    const violation = passwordPolicyViolation(secret);
    if (violation) {
      throw HarborError.badRequest(
        'the password or secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number',
      );
    }
    if (!(await this.oidcUsers.setSecret(userId, secret))) {
      throw HarborError.precondition(`user ${userId} is not onboarded via OIDC AuthN`);
    }
  }

  @Get('current/permissions')
  async getCurrentUserPermissions(
    @Security() security: SecurityContext,
    @Query('scope') scope?: string,
    @Query('relative') relative?: string,
  ) {
    security.requireAuthenticated();
    return currentPermissions(security, scope, relative === 'true');
  }

  @Get(':user_id')
  async getUser(@Security() security: SecurityContext, @Param('user_id') id: string) {
    return toUserResp(await this.users.get(this.selfOrAdmin(security, id)));
  }

  @Put(':user_id')
  async updateUserProfile(
    @Security() security: SecurityContext,
    @Param('user_id') id: string,
    @Body() body: unknown,
  ) {
    await this.users.updateProfile(
      operatorOf(security),
      await this.modifiable(security, id),
      validate(userProfileSchema, body),
    );
  }

  @Put(':user_id/password')
  async updateUserPassword(
    @Security() security: SecurityContext,
    @Param('user_id') id: string,
    @Body() body: unknown,
  ) {
    const userId = await this.modifiable(security, id);
    await this.users.changePassword(
      operatorOf(security),
      userId,
      validate(passwordChangeSchema, body),
      userId === security.userId,
    );
  }

  @Put(':user_id/sysadmin')
  async setUserSysAdmin(
    @Security() security: SecurityContext,
    @Param('user_id') id: string,
    @Body() body: unknown,
  ) {
    security.requireSysAdmin();
    await this.users.setSysAdmin(
      operatorOf(security),
      parseId('user_id', id),
      validate(sysadminFlagSchema, body).sysadmin_flag,
    );
  }

  @Delete(':user_id')
  @HttpCode(200)
  async deleteUser(@Security() security: SecurityContext, @Param('user_id') id: string) {
    security.requireSysAdmin();
    const userId = parseId('user_id', id);
    if (userId === security.userId) throw HarborError.forbidden('can not delete yourself');
    if (userId === ADMIN_USER_ID) throw HarborError.forbidden('can not delete the admin user');
    await this.users.delete(operatorOf(security), userId);
  }

  /** Robots are authenticated but are not local users: Harbor answers 412. */
  private localUserId(security: SecurityContext): number {
    security.requireAuthenticated();
    if (security.userId === undefined)
      throw new HarborError('PRECONDITION', 'the caller is not a local user');
    return security.userId;
  }

  /**
   * Harbor's requireModifiable: in `db_auth` mode oneself or an admin; in other modes profiles and
   * passwords belong to the directory or the provider, so only the local admin (id 1) can be changed.
   */
  private async modifiable(security: SecurityContext, rawId: string): Promise<number> {
    const userId = this.selfOrAdmin(security, rawId);
    if (userId !== ADMIN_USER_ID && (await this.configuration.get('auth_mode')) !== 'db_auth') {
      throw HarborError.forbidden(`User with ID ${userId} can't be updated`);
    }
    return userId;
  }

  private selfOrAdmin(security: SecurityContext, rawId: string): number {
    const userId = parseId('user_id', rawId);
    const self = this.localUserId(security);
    if (self !== userId && !security.isSysAdmin()) throw HarborError.forbidden('forbidden');
    return userId;
  }
}
