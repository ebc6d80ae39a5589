import { HarborError } from '@harbor-ts/errors';
import type { ProjectRef, SecurityContext } from '../auth/security-context.js';
import type { ProjectAccessFacts } from '../auth/project-access.resolver.js';
import { memberIsUser } from '../auth/membership-sql.js';
import type { SqlParams } from '../common/list-query.js';

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

/**
 * For a statement that reads what `authorizedProject` needs along with what the handler reads, one round
 * trip instead of two: `cte` (named `scope_project`) finds the live project named by `nameParam`, and
 * `columns` select, over `scope_project sp` left-joined to a one-row head, its facts and the signed-in
 * user's roles in it (as ProjectAccessResolver reads them). `rememberScope` hands them to the context.
 */
export function projectScopeSql(
  security: SecurityContext,
  nameParam: string,
  params: SqlParams,
): { cte: string; columns: string } {
  const userId = security.isSysAdmin() ? undefined : security.userId;
  const roles =
    userId === undefined
      ? 'NULL::int[]'
      : `(SELECT coalesce(array_agg(m.role), '{}') FROM project_member m
           WHERE m.project_id = sp.project_id AND ${memberIsUser('m', params.add(userId))})`;
  return {
    cte: `scope_project AS (SELECT p.project_id, p.name, m.value = 'true' AS public
        FROM project p LEFT JOIN project_metadata m ON m.project_id = p.project_id AND m.name = 'public'
       WHERE p.name = ${nameParam} AND NOT p.deleted)`,
    columns: `sp.project_id AS scope_project_id, sp.name AS scope_project_name,
      sp.public AS scope_project_public, ${roles} AS scope_roles`,
  };
}

export interface ProjectScopeColumns {
  scope_project_id: number | null;
  scope_project_name: string | null;
  scope_project_public: boolean | null;
  scope_roles: number[] | null;
}

/** Gives the context what `projectScopeSql` read about project `name`, then authorizes as `authorizedProject`. */
export function authorizedFromScope(
  security: SecurityContext,
  name: string,
  head: ProjectScopeColumns,
  resource: string,
  action: string,
): Promise<ProjectAccessFacts> {
  const facts =
    head.scope_project_id === null
      ? undefined
      : {
          projectId: head.scope_project_id,
          name: head.scope_project_name ?? name,
          isPublic: head.scope_project_public === true,
        };
  security.remember(name, facts, head.scope_roles ?? undefined);
  return authorizedProject(security, name, resource, action);
}
