import { Body, Controller, Delete, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { Security } from '../auth/security.decorator.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { parseId, validate } from '../common/validation.js';
import { ConfigurationService } from '../system/configuration.service.js';
import {
  GROUP_TYPES,
  toUserGroup,
  toUserGroupSearchItem,
  userGroupCreationSchema,
  userGroupUpdateSchema,
} from './user-group.dto.js';
import { UserGroupsService } from './user-groups.service.js';

type PageQuery = { page?: string; page_size?: string };

/** Harbor's `/usergroups`: admins manage groups; any signed-in user may search them by name. */
@Controller('api/v2.0/usergroups')
export class UserGroupsController {
  constructor(
    private readonly groups: UserGroupsService,
    private readonly configuration: ConfigurationService,
  ) {}

  /** In LDAP mode Harbor lists only LDAP groups (and filters by DN); in other modes every group. */
  @Get()
  async listUserGroups(
    @Security() s: SecurityContext,
    @Query() query: PageQuery & { group_name?: string; ldap_group_dn?: string },
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem('user-group', 'list');
    const paging = parsePaging(query);
    const ldapMode = (await this.configuration.get('auth_mode')) === 'ldap_auth';
    const { items, total } = await this.groups.list(
      {
        name: query.group_name,
        type: ldapMode ? GROUP_TYPES.ldap : undefined,
        ldapGroupDn: ldapMode ? query.ldap_group_dn : undefined,
      },
      paging,
    );
    setPageHeaders(req, reply, paging, total);
    return items.map(toUserGroup);
  }

  @Post()
  async createUserGroup(
    @Security() s: SecurityContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem('user-group', 'create');
    const id = await this.groups.create(validate(userGroupCreationSchema, body));
    void reply.status(201).header('location', `/api/v2.0/usergroups/${id}`);
  }

  @Get('search')
  async searchUserGroups(
    @Security() s: SecurityContext,
    @Query() query: PageQuery & { groupname?: string },
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    s.requireAuthenticated();
    if (!query.groupname) throw HarborError.badRequest('need to provide groupname to search user group');
    const paging = parsePaging(query);
    const { items, total } = await this.groups.search(query.groupname, paging);
    setPageHeaders(req, reply, paging, total);
    return items.map(toUserGroupSearchItem);
  }

  @Get(':group_id')
  async getUserGroup(@Security() s: SecurityContext, @Param('group_id') id: string) {
    await s.requireSystem('user-group', 'read');
    return toUserGroup(await this.groups.get(parseId('group_id', id)));
  }

  @Put(':group_id')
  async updateUserGroup(
    @Security() s: SecurityContext,
    @Param('group_id') id: string,
    @Body() body: unknown,
  ) {
    await s.requireSystem('user-group', 'update');
    await this.groups.rename(parseId('group_id', id), validate(userGroupUpdateSchema, body).group_name);
  }

  @Delete(':group_id')
  async deleteUserGroup(@Security() s: SecurityContext, @Param('group_id') id: string) {
    await s.requireSystem('user-group', 'delete');
    await this.groups.delete(parseId('group_id', id));
  }
}
