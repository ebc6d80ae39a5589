import type { SecurityContext } from '../auth/security-context.js';
import type { SqlParams } from '../common/list-query.js';
import { jsonNumber, jsonObject, jsonTime, jsonValue } from '../common/json-sql.js';
import { PROJECT_ALLOWLIST_SQL } from '../cve-allowlist/cve-allowlist.service.js';
import { callerRolesSql, PROJECT_FROM } from './project.queries.js';

/**
 * Listed projects (`toListedProjectResp`) as JSON text written by Postgres, for the project listing and
 * search. `projectRowsSql` selects the rows (alias `p` over it), `PROJECT_JSON` writes one of them.
 */

/**
 * The project's columns with its owner's name and the caller's roles, for `where` (over PROJECT_FROM).
 * Selected from as a subquery that Postgres must not flatten (LIMIT or OFFSET 0): flattened, the roles'
 * subquery would run once per use in PROJECT_JSON (eight), not once per row.
 */
export function projectRowsSql(security: SecurityContext, params: SqlParams, where: string): string {
  return `SELECT p.*, u.username AS owner_name, ${callerRolesSql(security, params)} AS my_roles
    ${PROJECT_FROM} WHERE ${where}`;
}

// highestRole of project.dto.ts: projectAdmin, maintainer, developer, guest, limitedGuest.
const HIGHEST_ROLE = `CASE WHEN 1 = ANY(p.my_roles) THEN 1 WHEN 4 = ANY(p.my_roles) THEN 4
  WHEN 2 = ANY(p.my_roles) THEN 2 WHEN 3 = ANY(p.my_roles) THEN 3 WHEN 5 = ANY(p.my_roles) THEN 5 ELSE 0 END`;

// `{ public: 'false', ...metadata }`: public first, then the stored values in jsonb's key order (shorter
// keys first, then bytewise), as jsonb_object_agg gave them to core. One scan of the project's rows.
const METADATA = `(SELECT '{"public":' || to_json(COALESCE(max(m.value) FILTER (WHERE m.name = 'public'), 'false'))::text
    || COALESCE(string_agg(',' || to_json(m.name)::text || ':' || to_json(m.value)::text, ''
         ORDER BY octet_length(m.name), m.name COLLATE "C") FILTER (WHERE m.name <> 'public'), '') || '}'
  FROM project_metadata m WHERE m.project_id = p.project_id AND m.value IS NOT NULL)`;

/** One listed project; `sysAdmin` says whether the caller may toggle every project. */
export function projectJsonSql(sysAdmin: boolean): string {
  return jsonObject([
    ['project_id', jsonNumber('p.project_id')],
    ['owner_id', jsonNumber('p.owner_id')],
    ['name', jsonValue('p.name')],
    ['registry_id', 'NULLIF(p.registry_id, 0)::text', true],
    ['creation_time', jsonTime('p.creation_time')],
    ['update_time', jsonTime('p.update_time')],
    ['owner_name', jsonValue(`COALESCE(p.owner_name, '')`)],
    ['togglable', sysAdmin ? `'true'` : `CASE WHEN 1 = ANY(p.my_roles) THEN 'true' ELSE 'false' END`],
    ['current_user_role_id', `(${HIGHEST_ROLE})::text`],
    ['current_user_role_ids', `COALESCE(array_to_json(p.my_roles)::text, '[]')`],
    ['repo_count', jsonNumber('p.repo_count')],
    ['metadata', METADATA],
    ['cve_allowlist', `(${PROJECT_ALLOWLIST_SQL})::text`],
  ]);
}
