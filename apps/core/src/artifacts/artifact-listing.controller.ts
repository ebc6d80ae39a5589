import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HarborError } from '@harbor-ts/errors';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { ArtifactListing } from './artifact-listing.service.js';

type PageQuery = { page?: string; page_size?: string };

/**
 * The minimal read side of Harbor's artifact API: what a push left behind. Repository names in paths
 * are URL-encoded twice by Harbor clients (a/b → a%252Fb), so one more decode here.
 */
@Controller('api/v2.0/projects/:project_name/repositories')
export class ArtifactListingController {
  constructor(private readonly listing: ArtifactListing) {}

  // GET /projects/{project_name}/repositories is served by the repositories module.
  @Get(':repository_name/artifacts')
  async listArtifacts(@Security() s: SecurityContext, @Param('project_name') project: string, @Param('repository_name') repository: string, @Query() query: PageQuery, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const projectId = await this.authorized(s, project, 'artifact');
    const paging = parsePaging(query);
    const { items, total } = await this.listing.artifacts(projectId, `${project}/${decodeURIComponent(repository)}`, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  /** 401/403 before 404, so a project's existence is only told to those who may list it. */
  private async authorized(security: SecurityContext, projectName: string, resource: string): Promise<number> {
    await security.require(projectName, resource, 'list');
    const project = await security.project(projectName);
    if (!project) throw HarborError.notFound(`project ${projectName} not found`);
    return project.projectId;
  }
}
