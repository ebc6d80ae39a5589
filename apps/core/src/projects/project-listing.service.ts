import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { containsPattern, orderSql, parseQ, parseSort, SqlParams, whereSql } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { listQuery } from '../common/prepared-query.js';
import { projectJsonSql, projectRowsSql } from './project-json.js';
import { PROJECT_FIELDS, PROJECT_FROM, PUBLIC_SQL, visibleSql } from './project.queries.js';

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
    const limitOffset = `LIMIT ${params.add(paging.pageSize)} OFFSET ${params.add(paging.offset)}`;
    // One statement, whose page Postgres writes as JSON. The page's ids first, so the per-project
    // subqueries run for the page only, not for the skipped rows.
    const rows = projectRowsSql(
      security,
      params,
      `p.project_id IN (SELECT p.project_id ${PROJECT_FROM} WHERE ${where} ${order} ${limitOffset})`,
    );
    const sql = `SELECT (SELECT count(*)::int ${PROJECT_FROM} WHERE ${where}) AS total,
      COALESCE((SELECT '[' || string_agg(${projectJsonSql(security.isSysAdmin())}, ',' ${order}) || ']'
        FROM (${rows} OFFSET 0) p), '[]') AS body`;
    // Planning cost twice the run (3.4 ms against 1.7 ms on 100 projects): without `q` and with at most
    // one sort key the text is one of a few shapes, prepared and planned once per connection.
    const prepared = !query.q && sort.length <= 1;
    const [page] = await listQuery<{ total: number; body: string }>(
      this.dataSource,
      sql,
      params.values,
      prepared,
      {
        generic: true,
      },
    );
    return { total: page?.total ?? 0, body: page?.body ?? '[]' };
  }
}
