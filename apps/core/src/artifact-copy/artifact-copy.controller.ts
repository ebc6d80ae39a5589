import { Controller, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Security, type SecurityContext } from '../auth/index.js';
import { repositoryPathName } from '../repositories/project-scope.js';
import { ArtifactCopier } from './artifact-copier.service.js';

@Controller('api/v2.0/projects/:project_name/repositories')
export class ArtifactCopyController {
  constructor(private readonly copier: ArtifactCopier) {}

  /** CopyArtifact: 201 with Location `<this path>/<reference of from>`, the path decoded once as Harbor's. */
  @Post(':repository_name/artifacts')
  @HttpCode(201)
  async copyArtifact(
    @Security() s: SecurityContext,
    @Param('project_name') projectName: string,
    @Param('repository_name') repositoryName: string,
    @Query('from') from: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const reference = await this.copier.copy(s, projectName, repositoryPathName(repositoryName), from);
    // The router already decoded this path's parameters, so it decodes.
    const path = decodeURIComponent(new URL(req.url, 'http://core').pathname).replace(/\/+$/, '');
    void reply.header('location', `${path}/${reference}`);
  }
}
