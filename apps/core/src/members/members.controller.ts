import { Body, Controller, Delete, Get, Headers, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { HarborError } from '@harbor-ts/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SecurityContext } from '../auth/security-context.js';
import { Security } from '../auth/security.decorator.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { parseId, validate } from '../common/validation.js';
import { projectRef } from '../projects/projects.service.js';
import { memberCreationSchema, MembersService, roleRequestSchema } from './members.service.js';

type ListQuery = { entityname?: string; page?: string; page_size?: string };

@Controller('api/v2.0/projects/:project_name_or_id/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  async listProjectMembers(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const projectId = await this.authorized(s, ref, byName, 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.members.list(projectId, query.entityname, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Post()
  async createProjectMember(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const projectId = await this.authorized(s, ref, byName, 'create');
    const memberId = await this.members.create(s, projectId, validate(memberCreationSchema, body));
    void reply.status(201).header('location', `/api/v2.0/projects/${projectId}/members/${memberId}`);
  }

  @Get(':mid')
  async getProjectMember(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param('mid') mid: string,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    return this.members.get(await this.authorized(s, ref, byName, 'read'), parseId('mid', mid));
  }

  @Put(':mid')
  async updateProjectMember(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param('mid') mid: string,
    @Body() body: unknown,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const projectId = await this.authorized(s, ref, byName, 'update');
    await this.members.updateRole(
      s,
      projectId,
      parseId('mid', mid),
      validate(roleRequestSchema, body).role_id,
    );
  }

  @Delete(':mid')
  async deleteProjectMember(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param('mid') mid: string,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const projectId = await this.authorized(s, ref, byName, 'delete');
    await this.members.delete(s, projectId, parseId('mid', mid));
  }

  private async authorized(
    security: SecurityContext,
    ref: string,
    byName: string | undefined,
    action: string,
  ): Promise<number> {
    // SecurityContext's own lookup (cached for the check below), not the full project row with its counts.
    const key = projectRef(ref, byName === 'true');
    const project = await security.project(key);
    if (!project) throw HarborError.notFound(`project ${ref} not found`);
    await security.require(key, 'member', action);
    return project.projectId;
  }
}
