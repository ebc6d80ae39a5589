import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { containsPattern, orderSql, parseQ, parseSort, SqlParams, whereSql } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { toListedProjectResp, type ProjectRow } from './project.dto.js';
import { pagedQuery } from '../repositories/paged-query.js';
import {
  callerRolesSql,
  PROJECT_COLUMNS,
  PROJECT_FIELDS,
  PROJECT_FROM,
  PUBLIC_SQL,
  visibleSql,
} from './project.queries.js';

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
    const conditions = ['NOT p.deleted', visibleSql(security, params)];
    conditions.push(whereSql(parseQ(query.q, PROJECT_FIELDS), PROJECT_FIELDS, params));
    if (query.name) conditions.push(`p.name ILIKE ${params.add(containsPattern(query.name))}`);
    if (query.public !== undefined) {
      if (query.public !== 'true' && query.public !== 'false')
        throw HarborError.badRequest('public: must be true or false');
      conditions.push(query.public === 'true' ? PUBLIC_SQL : `NOT ${PUBLIC_SQL}`);
    }
    if (query.owner) conditions.push(`u.username = ${params.add(query.owner)}`);
    const where = conditions.join(' AND ');
    const sort = parseSort(query.sort, PROJECT_FIELDS);
    const order = orderSql(sort, PROJECT_FIELDS, 'p.project_id', 'p.name');
    const { items, total } = await pagedQuery<ProjectRow & { my_roles: number[] | null }>(this.dataSource, {
      count: `SELECT count(*)::int AS count ${PROJECT_FROM} WHERE ${where}`,
      // The page's ids first, so the per-project subqueries run for the page only, not for the skipped rows.
      // The roles' parameter is added here, after the count's parameters were taken.
      select: (
        limitOffset,
      ) => `SELECT ${PROJECT_COLUMNS}, ${callerRolesSql(security, params)} AS my_roles ${PROJECT_FROM}
        WHERE p.project_id IN (SELECT p.project_id ${PROJECT_FROM} WHERE ${where} ${order} ${limitOffset}) ${order}`,
      params,
      paging,
      // Planning cost twice the run (3.4 ms against 1.7 ms on 100 projects): without `q` and with at most
      // one sort key the text is one of a few shapes, prepared and planned once per connection.
      prepared: !query.q && sort.length <= 1,
      generic: true,
    });
    return { items: items.map((row) => toListedProjectResp(row, security.isSysAdmin())), total };
  }
}
