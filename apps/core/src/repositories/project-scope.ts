import { HarborError } from '@harbor-ts/errors';
import type { ProjectRef, SecurityContext } from '../auth/security-context.js';
import type { ProjectAccessFacts } from '../auth/project-access.resolver.js';

/**
 * The project named in a `/projects/{project_name_or_id}/...` path, once the caller may do `action` on
 * `resource` in it. 401/403 come before 404, so only those allowed learn whether a project exists.
 */
export async function authorizedProject(
  security: SecurityContext,
  project: ProjectRef,
  resource: string,
  action: string,
): Promise<ProjectAccessFacts> {
  await security.require(project, resource, action);
  const facts = await security.project(project);
  if (!facts) throw HarborError.notFound(`project ${project} not found`);
  return facts;
}

/** `a%252Fb` arrives as `a%2Fb` after the router's decoding; Harbor decodes once more. */
export function repositoryPathName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw HarborError.badRequest(`repository_name: invalid encoding`);
  }
}
