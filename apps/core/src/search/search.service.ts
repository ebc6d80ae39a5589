import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SecurityContext } from '../auth/security-context.js';
import { SqlParams } from '../common/list-query.js';
import { highestRole, toProjectResp, type ProjectRow } from '../projects/project.dto.js';
import { MEMBER_OF_SQL, PROJECT_SELECT, PUBLIC_SQL } from '../projects/project.queries.js';

/** Harbor returns every match; a cap keeps one broad keyword from serialising the whole catalogue. */
const MAX_RESULTS = 100;

/** `GET /search`: projects and repositories whose names contain the keyword, among those the caller can see. */
@Injectable()
export class SearchService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(security: SecurityContext, keyword: string) {
    const [project, repository] = await Promise.all([
      this.projects(security, keyword),
      this.repositories(security, keyword),
    ]);
    return { project, repository };
  }

  private async projects(security: SecurityContext, keyword: string) {
    const params = new SqlParams([like(keyword)]);
    const rows: ProjectRow[] = await this.dataSource.query(
      `${PROJECT_SELECT} WHERE NOT p.deleted AND p.name ILIKE $1 AND ${visibleSql(security, params)} ORDER BY p.name LIMIT ${MAX_RESULTS}`,
      params.values,
    );
    const roles = await this.roles(
      security,
      rows.map((row) => row.project_id),
    );
    return rows.map((row) => {
      const mine = roles.get(row.project_id) ?? [];
      return toProjectResp(row, mine, security.isSysAdmin() || highestRole(mine) === 1);
    });
  }

  private async repositories(security: SecurityContext, keyword: string) {
    const params = new SqlParams([like(keyword)]);
    return this.dataSource.query(
      `SELECT r.project_id, p.name AS project_name, ${PUBLIC_SQL} AS project_public, r.name AS repository_name, r.pull_count,
              (SELECT count(*)::int FROM artifact a WHERE a.repository_id = r.repository_id) AS artifact_count
         FROM repository r JOIN project p ON p.project_id = r.project_id
        WHERE NOT p.deleted AND r.name ILIKE $1 AND ${visibleSql(security, params)} ORDER BY r.name LIMIT ${MAX_RESULTS}`,
      params.values,
    ) as Promise<unknown[]>;
  }

  private async roles(security: SecurityContext, projectIds: number[]): Promise<Map<number, number[]>> {
    const result = new Map<number, number[]>();
    if (security.userId === undefined || projectIds.length === 0) return result;
    const rows: { project_id: number; role: number }[] = await this.dataSource.query(
      `SELECT project_id, role FROM project_member WHERE entity_type = 'u' AND entity_id = $1 AND project_id = ANY($2)`,
      [security.userId, projectIds],
    );
    for (const row of rows) result.set(row.project_id, [...(result.get(row.project_id) ?? []), row.role]);
    return result;
  }
}

function like(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, '\\$&')}%`;
}

/** Which projects (alias `p`) the caller sees: all for admins, public ones plus their own for others. */
export function visibleSql(security: SecurityContext, params: SqlParams): string {
  const principal = security.principal;
  if (security.isSysAdmin()) return 'TRUE';
  if (principal.kind === 'user') return `(${PUBLIC_SQL} OR ${MEMBER_OF_SQL(params.add(principal.userId))})`;
  if (principal.kind === 'robot' && principal.projectId > 0)
    return `(${PUBLIC_SQL} OR p.project_id = ${params.add(principal.projectId)})`;
  return PUBLIC_SQL;
}
