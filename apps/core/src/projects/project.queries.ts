import { memberIsUser } from '../auth/membership-sql.js';
import type { SecurityContext } from '../auth/security-context.js';
import type { QueryFields, SqlParams } from '../common/list-query.js';
import { PROJECT_ALLOWLIST_COLUMN } from '../cve-allowlist/cve-allowlist.service.js';

/** A project's columns for its API representation: owner, repository count, metadata, CVE allowlist (FROM is PROJECT_FROM). */
export const PROJECT_COLUMNS = `
  p.project_id, p.owner_id, p.name, p.registry_id, p.creation_time, p.update_time,
  u.username AS owner_name,
  p.repo_count,
  (SELECT jsonb_object_agg(m.name, m.value) FROM project_metadata m
    WHERE m.project_id = p.project_id AND m.value IS NOT NULL) AS metadata,
  ${PROJECT_ALLOWLIST_COLUMN}`;
export const PROJECT_FROM = 'FROM project p LEFT JOIN harbor_user u ON u.user_id = p.owner_id';
export const PROJECT_SELECT = `SELECT ${PROJECT_COLUMNS} ${PROJECT_FROM}`;

/** The caller's roles in project `p` as `int[]` (NULL when none), so a listing needs no second query. */
export function callerRolesSql(security: SecurityContext, params: SqlParams): string {
  if (security.userId === undefined) return 'NULL::int[]';
  return `(SELECT array_agg(cr.role) FROM project_member cr
    WHERE cr.project_id = p.project_id AND ${memberIsUser('cr', params.add(security.userId))})`;
}

export const PUBLIC_SQL = `EXISTS (SELECT 1 FROM project_metadata pm
  WHERE pm.project_id = p.project_id AND pm.name = 'public' AND pm.value = 'true')`;

export const MEMBER_OF_SQL = (userParam: string) => `EXISTS (SELECT 1 FROM project_member mm
  WHERE mm.project_id = p.project_id AND ${memberIsUser('mm', userParam)})`;

/** Which projects (alias `p`) the caller sees: all for admins, public ones plus their own for others. */
export function visibleSql(security: SecurityContext, params: SqlParams): string {
  const principal = security.principal;
  if (security.isSysAdmin()) return 'TRUE';
  if (principal.kind === 'user') return `(${PUBLIC_SQL} OR ${MEMBER_OF_SQL(params.add(principal.userId))})`;
  if (principal.kind === 'robot' && principal.projectId > 0)
    return `(${PUBLIC_SQL} OR p.project_id = ${params.add(principal.projectId)})`;
  return PUBLIC_SQL;
}

/**
 * What `visibleSql` depends on, as a key: callers with the same key see the same projects (`undefined` for
 * admins, who see all). Kept beside `visibleSql` so the two change together.
 */
export function visibilityKey(security: SecurityContext): string | undefined {
  const principal = security.principal;
  if (security.isSysAdmin()) return undefined;
  if (principal.kind === 'user') return `user:${principal.userId}`;
  if (principal.kind === 'robot' && principal.projectId > 0) return `robot-project:${principal.projectId}`;
  return 'public';
}

/** What `q` and `sort` may name for projects. */
export const PROJECT_FIELDS: QueryFields = {
  project_id: { column: 'p.project_id', type: 'number' },
  name: { column: 'p.name', type: 'string' },
  owner_id: { column: 'p.owner_id', type: 'number' },
  creation_time: { column: 'p.creation_time', type: 'time' },
  update_time: { column: 'p.update_time', type: 'time' },
  public: { column: PUBLIC_SQL, type: 'boolean', sortable: false },
};
