import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { Security } from '../auth/security.decorator.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { validate } from '../common/validation.js';
import { projectRequestSchema, toProjectResp, highestRole } from './project.dto.js';
import { ProjectListingService, type ProjectListQuery } from './project-listing.service.js';
import { ProjectSummaryService } from './project-summary.service.js';
import { ProjectsService } from './projects.service.js';

const RESOURCE_NAME_HEADER = 'x-is-resource-name';

@Controller('api/v2.0/projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly listing: ProjectListingService,
    private readonly summaries: ProjectSummaryService,
  ) {}

  @Post()
  async createProject(
    @Security() security: SecurityContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const request = validate(projectRequestSchema, body);
    const projectId = await this.projects.create(security, request);
    void reply.status(201).header('location', `/api/v2.0/projects/${projectId}`);
  }

  /** Also answers `HEAD /projects?project_name=`: Fastify routes HEAD to the GET handler. */
  @Get()
  async listProjects(
    @Security() security: SecurityContext,
    @Query() query: ProjectListQuery & { page?: string; page_size?: string; project_name?: string },
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (req.method === 'HEAD') return this.headProject(security, query.project_name);
    const paging = parsePaging(query);
    const { body, total } = await this.listing.list(security, query, paging);
    setPageHeaders(req, reply, paging, total);
    // Postgres wrote the page's JSON: sent as it is, with the type Fastify gives a serialised object.
    void reply.type('application/json; charset=utf-8');
    return body;
  }

  private async headProject(security: SecurityContext, name: string | undefined) {
    security.requireAuthenticated();
    if (!name) throw HarborError.badRequest('project_name: required');
    if (!(await this.projects.exists(name))) throw HarborError.notFound(`project ${name} not found`);
  }

  @Get(':project_name_or_id')
  async getProject(
    @Security() security: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Headers(RESOURCE_NAME_HEADER) byName?: string,
  ) {
    const project = await this.authorized(security, ref, byName, 'read');
    const roles = await security.projectRoles(project.project_id);
    return toProjectResp(project, roles, security.isSysAdmin() || highestRole(roles) === 1);
  }

  @Put(':project_name_or_id')
  async updateProject(
    @Security() security: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Body() body: unknown,
    @Headers(RESOURCE_NAME_HEADER) byName?: string,
  ) {
    const project = await this.authorized(security, ref, byName, 'update');
    await this.projects.update(security, project, validate(projectRequestSchema, body));
  }

  @Delete(':project_name_or_id')
  @HttpCode(200)
  async deleteProject(
    @Security() security: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Headers(RESOURCE_NAME_HEADER) byName?: string,
  ) {
    const project = await this.authorized(security, ref, byName, 'delete');
    await this.projects.delete(security, project);
  }

  @Get(':project_name_or_id/_deletable')
  async getProjectDeletable(
    @Security() security: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Headers(RESOURCE_NAME_HEADER) byName?: string,
  ) {
    const project = await this.authorized(security, ref, byName, 'delete');
    const deletable = Number(project.repo_count) === 0;
    return { deletable, message: deletable ? '' : 'the project contains repositories, can not be deleted' };
  }

  @Get(':project_name_or_id/summary')
  async getProjectSummary(
    @Security() security: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Headers(RESOURCE_NAME_HEADER) byName?: string,
  ) {
    return this.summaries.summary(security, await this.authorized(security, ref, byName, 'read'));
  }

  private async authorized(
    security: SecurityContext,
    ref: string,
    byName: string | undefined,
    action: string,
  ) {
    const project = await this.projects.resolve(ref, byName === 'true');
    await security.require(project.project_id, 'project', action);
    return project;
  }
}
