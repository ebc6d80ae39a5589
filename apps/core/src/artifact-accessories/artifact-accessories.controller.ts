import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Security, type SecurityContext } from '../auth/index.js';
import { ArtifactResolver } from '../artifacts/artifact-resolver.service.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { authorizedProject, repositoryPathName } from '../repositories/project-scope.js';
import { ArtifactAccessories, parseAccessoryQuery } from './artifact-accessories.service.js';

type ListQuery = { q?: string; sort?: string; page?: string; page_size?: string };

@Controller('api/v2.0/projects/:project_name/repositories')
export class ArtifactAccessoriesController {
  constructor(
    private readonly resolver: ArtifactResolver,
    private readonly accessories: ArtifactAccessories,
  ) {}

  /** listAccessories, in Harbor's order of checks: access, then query syntax, then the artifact. */
  @Get(':repository_name/artifacts/:reference/accessories')
  async listAccessories(
    @Security() s: SecurityContext,
    @Param('project_name') projectName: string,
    @Param('repository_name') repositoryName: string,
    @Param('reference') reference: string,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const project = await authorizedProject(s, projectName, 'accessory', 'list');
    const paging = parsePaging(query);
    const filter = parseAccessoryQuery(query);
    const artifact = await this.resolver.resolve(project.name, repositoryPathName(repositoryName), reference);
    const { items, total } = await this.accessories.list(artifact, filter, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }
}
