import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { orderSql, parseQ, parseSort, SqlParams, whereSql } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { highestRole, toProjectResp, type ProjectRow } from './project.dto.js';
import { MEMBER_OF_SQL, PROJECT_FIELDS, PROJECT_SELECT, PUBLIC_SQL } from './project.queries.js';

export interface ProjectListQuery {
  q?: string;
  sort?: string;
  name?: string;
  public?: string;
  owner?: string;
}

/** `GET /projects`: public projects and the caller's own; everything for admins. */
@Injectable()
export class ProjectListingService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(security: SecurityContext, query: ProjectListQuery, paging: Paging) {
    const params = new SqlParams();
    const conditions = ['NOT p.deleted', this.visibility(security, params)];
    conditions.push(whereSql(parseQ(query.q, PROJECT_FIELDS), PROJECT_FIELDS, params));
    if (query.name)
      conditions.push(`p.name ILIKE ${params.add(`%${query.name.replace(/[\\%_]/g, '\\$&')}%`)}`);
    if (query.public !== undefined) {
      if (query.public !== 'true' && query.public !== 'false')
        throw HarborError.badRequest('public: must be true or false');
      conditions.push(query.public === 'true' ? PUBLIC_SQL : `NOT ${PUBLIC_SQL}`);
    }
    if (query.owner) conditions.push(`u.username = ${params.add(query.owner)}`);
    const where = conditions.join(' AND ');
    const order = orderSql(parseSort(query.sort, PROJECT_FIELDS), PROJECT_FIELDS, 'p.project_id', 'p.name');
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM project p LEFT JOIN harbor_user u ON u.user_id = p.owner_id WHERE ${where}`,
      params.values,
    )) as [{ count: number }];
    const limit = params.add(paging.pageSize);
    const offset = params.add(paging.offset);
    const rows: ProjectRow[] = await this.dataSource.query(
      `${PROJECT_SELECT} WHERE ${where} ${order} LIMIT ${limit} OFFSET ${offset}`,
      params.values,
    );
    const roles = await this.rolesByProject(
      security,
      rows.map((row) => row.project_id),
    );
    const items = rows.map((row) => {
      const mine = roles.get(row.project_id) ?? [];
      return toProjectResp(row, mine, security.isSysAdmin() || highestRole(mine) === 1);
    });
    return { items, total: count };
  }

  private visibility(security: SecurityContext, params: SqlParams): string {
    const principal = security.principal;
    if (security.isSysAdmin()) return 'TRUE';
    if (principal.kind === 'user') return `(${PUBLIC_SQL} OR ${MEMBER_OF_SQL(params.add(principal.userId))})`;
    if (principal.kind === 'robot' && principal.projectId > 0) {
      return `(${PUBLIC_SQL} OR p.project_id = ${params.add(principal.projectId)})`;
    }
    return PUBLIC_SQL;
  }

  /** The caller's roles in each listed project, in one query. */
  private async rolesByProject(
    security: SecurityContext,
    projectIds: number[],
  ): Promise<Map<number, number[]>> {
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
