import { Body, Controller, Delete, Get, Headers, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HarborError } from '@harbor-ts/errors';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { parseId, validate } from '../common/validation.js';
import { authorizedProject } from '../repositories/project-scope.js';
import { projectRef } from '../projects/projects.service.js';
import { immutableRuleSchema } from './immutable-rule.dto.js';
import { ImmutableTagsService } from './immutable-tags.service.js';

type ListQuery = { q?: string; sort?: string; page?: string; page_size?: string };

/** Harbor's immutable tag rule API (ListImmuRules, CreateImmuRule, UpdateImmuRule, DeleteImmuRule). */
@Controller('api/v2.0/projects/:project_name_or_id/immutabletagrules')
export class ImmutableTagsController {
  constructor(private readonly rules: ImmutableTagsService) {}

  @Get()
  async ListImmuRules(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const projectId = await this.authorized(s, ref, byName, 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.rules.list(projectId, query, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Post()
  async CreateImmuRule(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const projectId = await this.authorized(s, ref, byName, 'create');
    const id = await this.rules.create(projectId, validate(immutableRuleSchema, body));
    // Harbor's Location: the request's own path plus the new id.
    const path = new URL(req.url, 'http://placeholder').pathname.replace(/\/+$/, '');
    void reply.status(201).header('location', `${path}/${id}`);
  }

  @Put(':immutable_rule_id')
  async UpdateImmuRule(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param('immutable_rule_id') rawId: string,
    @Body() body: unknown,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const id = parseId('immutable_rule_id', rawId);
    const rule = validate(immutableRuleSchema, body);
    // Harbor checks this before anything else; a body without an id is taken to mean the path's rule.
    if (rule.id !== undefined && rule.id !== id)
      throw HarborError.badRequest(
        "the immutable_rule_id doesn't match the id in the payload body of ImmutableRule",
      );
    const projectId = await this.authorized(s, ref, byName, 'update');
    await this.rules.update(projectId, id, rule);
  }

  @Delete(':immutable_rule_id')
  async DeleteImmuRule(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param('immutable_rule_id') rawId: string,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const id = parseId('immutable_rule_id', rawId);
    const projectId = await this.authorized(s, ref, byName, 'delete');
    await this.rules.delete(projectId, id);
  }

  /** The project's id once the caller holds `immutable-tag:<action>` there (Harbor's RequireProjectAccess). */
  private async authorized(
    security: SecurityContext,
    ref: string,
    byName: string | undefined,
    action: string,
  ): Promise<number> {
    return (await authorizedProject(security, projectRef(ref, byName === 'true'), 'immutable-tag', action))
      .projectId;
  }
}
