import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HarborError } from '@harbor-ts/errors';
import { Security, type SecurityContext } from '../auth/index.js';
import { ArtifactResolver } from '../artifacts/artifact-resolver.service.js';
import { authorizedProject, repositoryPathName } from '../repositories/project-scope.js';
import { ADDITION_NAMES, ArtifactAdditions } from './artifact-additions.service.js';

@Controller('api/v2.0/projects/:project_name/repositories')
export class ArtifactAdditionsController {
  constructor(
    private readonly resolver: ArtifactResolver,
    private readonly additions: ArtifactAdditions,
  ) {}

  /** getAddition: the body is the addition itself, with its own content type. */
  @Get(':repository_name/artifacts/:reference/additions/:addition')
  async getAddition(
    @Security() s: SecurityContext,
    @Param('project_name') projectName: string,
    @Param('repository_name') repositoryName: string,
    @Param('reference') reference: string,
    @Param('addition') addition: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    // The swagger's enum is checked before anything else, as Harbor's generated router does.
    if (!ADDITION_NAMES.includes(addition)) {
      throw HarborError.badRequest(`addition in path should be one of [${ADDITION_NAMES.join(' ')}]`);
    }
    const project = await authorizedProject(s, projectName, 'artifact-addition', 'read');
    const artifact = await this.resolver.resolve(project.name, repositoryPathName(repositoryName), reference);
    const { content, contentType } = await this.additions.get(artifact, addition);
    void reply.header('content-type', contentType);
    return content;
  }
}
