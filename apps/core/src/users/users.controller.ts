import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { Security } from '../auth/security.decorator.js';
import { operatorOf } from '../events/operator.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { parseId, validate } from '../common/validation.js';
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

type ListQuery = { q?: string; sort?: string; page?: string; page_size?: string };

@Controller('api/v2.0/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly configuration: ConfigurationService,
  ) {}

  /** Admins create users; anyone may when self-registration is on, and never as an admin. */
  @Post()
  async createUser(
    @Security() security: SecurityContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
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

  @Get('current')
  async getCurrentUserInfo(@Security() security: SecurityContext) {
    return toUserResp(await this.users.get(this.localUserId(security)));
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
      this.selfOrAdmin(security, id),
      validate(userProfileSchema, body),
    );
  }

  @Put(':user_id/password')
  async updateUserPassword(
    @Security() security: SecurityContext,
    @Param('user_id') id: string,
    @Body() body: unknown,
  ) {
    const userId = this.selfOrAdmin(security, id);
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

  private selfOrAdmin(security: SecurityContext, rawId: string): number {
    const userId = parseId('user_id', rawId);
    const self = this.localUserId(security);
    if (self !== userId && !security.isSysAdmin()) throw HarborError.forbidden('forbidden');
    return userId;
  }
}
