import { Body, Controller, Delete, Get, Param, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { validate } from '../common/validation.js';
import { ReadOnlyService } from '../configurations/read-only.service.js';
import { authorizedProject, repositoryPathName } from './project-scope.js';
import { RepositoriesService, type RepositoryListQuery } from './repositories.service.js';

type ListQuery = RepositoryListQuery & { page?: string; page_size?: string };
const repositoryUpdateSchema = z.object({ description: z.string().max(65535).optional() });

@Controller('api/v2.0')
export class RepositoriesController {
  constructor(
    private readonly repositories: RepositoriesService,
    private readonly readOnly: ReadOnlyService,
  ) {}

  /** As in Harbor, no sign-in needed: anonymous callers see public projects' repositories. */
  @Get('repositories')
  async listAllRepositories(
    @Security() s: SecurityContext,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.page(s, query, req, reply);
  }

  @Get('projects/:project_name/repositories')
  async listRepositories(
    @Security() s: SecurityContext,
    @Param('project_name') projectName: string,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const project = await authorizedProject(s, projectName, 'repository', 'list');
    return this.page(s, query, req, reply, project.projectId);
  }

  @Get('projects/:project_name/repositories/:repository_name')
  async getRepository(
    @Security() s: SecurityContext,
    @Param('project_name') projectName: string,
    @Param('repository_name') name: string,
  ) {
    return this.resolve(s, projectName, name, 'read');
  }

  @Put('projects/:project_name/repositories/:repository_name')
  async updateRepository(
    @Security() s: SecurityContext,
    @Param('project_name') projectName: string,
    @Param('repository_name') name: string,
    @Body() body: unknown,
  ) {
    const repository = await this.resolve(s, projectName, name, 'update');
    await this.repositories.updateDescription(
      s,
      repository,
      validate(repositoryUpdateSchema, body).description ?? '',
    );
  }

  @Delete('projects/:project_name/repositories/:repository_name')
  async deleteRepository(
    @Security() s: SecurityContext,
    @Param('project_name') projectName: string,
    @Param('repository_name') name: string,
  ) {
    const repository = await this.resolve(s, projectName, name, 'delete');
    await this.readOnly.assertWritable();
    await this.repositories.delete(s, repository);
  }

  private async resolve(s: SecurityContext, projectName: string, rawName: string, action: string) {
    const project = await authorizedProject(s, projectName, 'repository', action);
    return this.repositories.get(project.projectId, `${project.name}/${repositoryPathName(rawName)}`);
  }

  private async page(
    s: SecurityContext,
    query: ListQuery,
    req: FastifyRequest,
    reply: FastifyReply,
    projectId?: number,
  ) {
    const paging = parsePaging(query);
    const { items, total } = await this.repositories.list(s, query, paging, projectId);
    setPageHeaders(req, reply, paging, total);
    return items;
  }
}
