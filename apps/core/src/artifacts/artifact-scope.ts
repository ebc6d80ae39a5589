import { Injectable } from '@nestjs/common';
import type { SecurityContext } from '../auth/index.js';
import type { SqlParams } from '../common/list-query.js';
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
 * Both are read by one statement (ArtifactResolver.resolveAuthorized).
 */
@Injectable()
export class ArtifactScope {
  constructor(private readonly resolver: ArtifactResolver) {}

  /** `extra` and `fixedShape`: columns read with the artifact in the same query (see ArtifactResolver.resolve). */
  async artifact<Extra extends object = object>(
    security: SecurityContext,
    path: ArtifactPath,
    resource: string,
    action: string,
    extra?: (params: SqlParams) => string,
    fixedShape?: boolean,
  ): Promise<ArtifactRow & Extra> {
    return this.resolver.resolveAuthorized<Extra>(
      security,
      path.project_name,
      path.repository_name,
      path.reference,
      { resource, action },
      extra,
      fixedShape,
    );
  }
}
