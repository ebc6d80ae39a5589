import {
  publicProjectPermissions,
  rolePermissions,
  isProjectRoleId,
  ProjectRole,
  type Permission,
} from '@harbor-ts/auth';
import type { SecurityContext } from '../auth/security-context.js';

/**
 * `GET /users/current/permissions?scope=/project/<id>`: what the caller may do in that project,
 * as `/project/<id>/<resource>` (or `<resource>` when `relative`). The UI uses it to show buttons.
 */
export async function currentPermissions(
  security: SecurityContext,
  scope: string | undefined,
  relative: boolean,
) {
  const match = /^\/project\/(\d+)$/.exec(scope ?? '');
  if (!match) return [];
  const projectId = Number(match[1]);
  const project = await security.project(projectId);
  if (!project) return [];
  const grants = new Map<string, Permission>();
  const add = (permissions: Permission[]) =>
    permissions.forEach((p) => grants.set(`${p.resource}:${p.action}`, p));
  if (security.isSysAdmin()) add(rolePermissions(ProjectRole.projectAdmin));
  if (project.isPublic) add(publicProjectPermissions());
  for (const role of await security.projectRoles(projectId))
    if (isProjectRoleId(role)) add(rolePermissions(role));
  const prefix = relative ? '' : `${scope}/`;
  return [...grants.values()].map((p) => ({ resource: `${prefix}${p.resource}`, action: p.action }));
}
