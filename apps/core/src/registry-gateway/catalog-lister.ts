import { memberIsUser } from '../auth/membership-sql.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PROJECT_ROLE_IDS, publicProjectAllows, roleAllows } from '@harbor-ts/auth';
import type { SecurityContext } from '../auth/index.js';
import { SqlParams } from '../common/list-query.js';
import { preparedQuery } from '../common/prepared-query.js';
import { PUBLIC_SQL } from '../projects/project.queries.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/**
 * `/v2/_catalog` from Harbor's own records, holding only repositories the caller may pull. One keyset
 * query per page (`name > last ORDER BY name LIMIT n + 1`, walking the unique index on the name), with
 * the pull rule of SecurityContext.can written as SQL so no repository row is read into Node to be dropped.
 */
@Injectable()
export class CatalogLister {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(
    security: SecurityContext,
    query: URLSearchParams,
  ): Promise<{ repositories: string[]; next?: string }> {
    const n = Math.min(Math.max(Number(query.get('n') ?? DEFAULT_PAGE) || DEFAULT_PAGE, 1), MAX_PAGE);
    const params = new SqlParams([query.get('last') ?? '', n + 1]);
    // Prepared and planned once: the text takes one shape per kind of caller, and the plan (the name
    // index walked from `last`) fits every value; planning it each time cost more than running it.
    const rows = await preparedQuery<{ name: string }>(
      this.dataSource,
      `SELECT r.name FROM repository r JOIN project p ON p.project_id = r.project_id
        WHERE NOT p.deleted AND r.name > $1 AND ${pullableSql(security, params)} ORDER BY r.name LIMIT $2`,
      params.values,
      { generic: true },
    );
    const repositories = rows.slice(0, n).map((row) => row.name);
    if (rows.length <= n) return { repositories };
    return {
      repositories,
      next: `/v2/_catalog?last=${encodeURIComponent(repositories[n - 1] ?? '')}&n=${n}`,
    };
  }
}

/** The projects (alias `p`) whose repositories the caller may pull: SecurityContext.can(p, 'repository', 'pull'). */
function pullableSql(security: SecurityContext, params: SqlParams): string {
  const principal = security.principal;
  if (principal.kind === 'robot') {
    // Robots hold only their grants, as in SecurityContext.robotCan.
    return `EXISTS (SELECT 1 FROM role_permission rp JOIN permission_policy pp ON pp.id = rp.permission_policy_id
      WHERE rp.role_type = 'robotaccount' AND rp.role_id = ${params.add(principal.robotId)} AND pp.effect = 'allow'
        AND pp.resource = 'repository' AND pp.action = 'pull'
        AND pp.scope IN ('/project/*', '/project/' || p.project_id))`;
  }
  if (security.isSysAdmin()) return 'TRUE';
  const rules: string[] = [];
  if (publicProjectAllows('repository', 'pull')) rules.push(PUBLIC_SQL);
  if (principal.kind === 'user') {
    const roles = PROJECT_ROLE_IDS.filter((role) => roleAllows(role, 'repository', 'pull'));
    rules.push(`EXISTS (SELECT 1 FROM project_member mm WHERE mm.project_id = p.project_id
      AND ${memberIsUser('mm', params.add(principal.userId))} AND mm.role = ANY(${params.add(roles)}::int[]))`);
  }
  return rules.length > 0 ? `(${rules.join(' OR ')})` : 'FALSE';
}
