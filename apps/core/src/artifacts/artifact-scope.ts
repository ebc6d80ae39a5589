import { Injectable } from '@nestjs/common';
import type { SecurityContext } from '../auth/index.js';
import { authorizedProject, repositoryPathName } from '../repositories/project-scope.js';
import { ArtifactResolver, type ArtifactRow } from './artifact-resolver.service.js';

/** The path `/projects/{p}/repositories/{r}/artifacts/{reference}` as route parameters. */
export interface ArtifactPath {
  project_name: string;
  repository_name: string;
  reference: string;
}

/**
 * Authorisation first (401/403 before 404, so only those allowed learn what exists), then the artifact,
 * looked up inside that project's repository only: a path can never reach another project's artifact.
 */
@Injectable()
export class ArtifactScope {
  constructor(private readonly resolver: ArtifactResolver) {}

  async artifact(
    security: SecurityContext,
    path: ArtifactPath,
    resource: string,
    action: string,
  ): Promise<ArtifactRow> {
    const project = await authorizedProject(security, path.project_name, resource, action);
    return this.resolver.resolve(project.name, repositoryPathName(path.repository_name), path.reference);
  }
}
