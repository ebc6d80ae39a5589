import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { orderSql, parseSort, SqlParams } from '../common/list-query.js';
import { parsePaging, type Paging } from '../common/paging.js';
import { preparedQuery } from '../common/prepared-query.js';
import {
  authorizedFromScope,
  authorizedProject,
  projectScopeSql,
  repositoryPathName,
  type ProjectScopeColumns,
} from '../repositories/project-scope.js';
import { ARTIFACT_FIELDS, artifactWhere } from './artifact-query.js';
import { enabledRulesColumn } from '../immutable-tags/immutable-status.js';
import { needsImmutableRules, relatedColumns, relatedOf } from './artifact-related.js';
import { ARTIFACT_COLUMNS, type ArtifactRow } from './artifact-resolver.service.js';
import { toArtifact, type ArtifactOptions } from './artifact-view.js';
import { artifactJsonSql } from './artifact-json.js';

type ListedRow = ArtifactRow & Record<string, unknown> & { total: number; known: boolean; body?: string };
type ListQuery = { q?: string; sort?: string; page?: string; page_size?: string };

/** Reads artifacts in the shapes of Harbor's swagger, each with its tags, labels and references. */
@Injectable()
export class ArtifactListing {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * `GET .../repositories/{r}/artifacts` for a caller allowed to list artifacts in `projectName`. One
   * statement reads the project's facts and the caller's roles in it with the listing, so the check costs
   * no round trip of its own; the rows are used only once the check has passed. A request error (paging,
   * flags, `q`) falls back to checking first, then reading, so errors come in Harbor's order.
   */
  async list(
    security: SecurityContext,
    projectName: string,
    repositoryName: string,
    query: ListQuery,
    options: (query: ListQuery) => ArtifactOptions,
  ) {
    let request: { paging: Paging; options: ArtifactOptions; repository: string };
    const params = new SqlParams([projectName]);
    let sql: string;
    try {
      request = {
        paging: parsePaging(query),
        options: options(query),
        repository: `${projectName}/${repositoryPathName(repositoryName)}`,
      };
      params.add(request.repository);
      const scope = projectScopeSql(security, '$1', params);
      // with_immutable_status matches tags against the project's rules in core: rows, not JSON text.
      const json = needsImmutableRules(request.options) ? undefined : additionsBase(request.repository);
      sql = `WITH ${scope.cte} ${this.pageSql('(SELECT project_id FROM scope_project)', query, request.paging, request.options, params, scope.columns, json)}`;
    } catch {
      return this.listAfterCheck(security, projectName, repositoryName, query, options);
    }
    const rows = await this.run(sql, params.values, !query.q);
    const head = rows[0] as ListedRow & ProjectScopeColumns;
    await authorizedFromScope(security, projectName, head, 'artifact', 'list');
    if (typeof head.body === 'string') {
      if (!head.known) throw HarborError.notFound(`repository ${request.repository} not found`);
      return { total: head.total, body: head.body, paging: request.paging };
    }
    return { ...this.page(rows, request.repository, request.options), paging: request.paging };
  }

  /** The same listing as separate steps: the check, then the request's parameters, then the rows. */
  private async listAfterCheck(
    security: SecurityContext,
    projectName: string,
    repositoryName: string,
    query: ListQuery,
    options: (query: ListQuery) => ArtifactOptions,
  ) {
    const project = await authorizedProject(security, projectName, 'artifact', 'list');
    const paging = parsePaging(query);
    const repository = `${project.name}/${repositoryPathName(repositoryName)}`;
    const flags = options(query);
    const params = new SqlParams([project.projectId, repository]);
    let sql: string;
    try {
      sql = this.pageSql('$1', query, paging, flags, params);
    } catch (error) {
      await this.assertRepository(project.projectId, repository); // a missing repository is a 404 before a bad q
      throw error;
    }
    return { ...this.page(await this.run(sql, params.values, !query.q), repository, flags), paging };
  }

  /**
   * One statement: whether the repository exists, the total, and the page (on the (project, repository,
   * push_time) index) with its related rows, which are read for the page's rows only (after LIMIT/OFFSET).
   * `$2` is the repository's full name; `projectId` an SQL expression; `head` more columns of the head row.
   * With `json` (the additions' base path), the page is one row whose `body` is the page's JSON text.
   */
  private pageSql(
    projectId: string,
    query: { q?: string; sort?: string },
    paging: Paging,
    options: ArtifactOptions,
    params: SqlParams,
    head = '',
    json?: string,
  ): string {
    const where = `a.project_id = ${projectId} AND a.repository_name = $2 AND ${artifactWhere(query.q, params)}`;
    const order = orderSql(
      parseSort(query.sort, ARTIFACT_FIELDS),
      ARTIFACT_FIELDS,
      'a.id DESC',
      'a.push_time DESC',
    );
    const limitOffset = `LIMIT ${params.add(paging.pageSize)} OFFSET ${params.add(paging.offset)}`;
    // The page keeps the names of ARTIFACT_FIELDS' columns, so `order` sorts the outer rows too.
    // with_immutable_status: the project's enabled rules are read once, in the head, and matched in memory.
    const rules = needsImmutableRules(options)
      ? `, ${enabledRulesColumn(projectId, 'related_immutable_rules')}`
      : '';
    const scope = head ? ' LEFT JOIN scope_project sp ON TRUE' : '';
    // Without `q` the total is what the repository row keeps (artifact_count counts exactly what a default
    // list shows, migration 1700000031000): one probe instead of counting the artifacts with two anti-joins.
    const repository = `SELECT repository_id, artifact_count FROM repository WHERE name = $2 AND project_id = ${projectId}`;
    const keptJoin = query.q ? '' : ` LEFT JOIN (${repository}) kept ON TRUE`;
    const counts = query.q
      ? `(SELECT count(*)::int FROM artifact a WHERE ${where}) AS total,
         EXISTS (SELECT 1 FROM repository WHERE name = $2 AND project_id = ${projectId}) AS known`
      : `COALESCE(kept.artifact_count, 0) AS total, kept.repository_id IS NOT NULL AS known`;
    const pageRows = `SELECT ${ARTIFACT_COLUMNS} FROM artifact a WHERE ${where} ${order} ${limitOffset}`;
    if (json !== undefined) {
      const artifact = artifactJsonSql(options, params.add(json));
      return `SELECT ${counts} ${head ? `, ${head}` : ''},
          COALESCE((SELECT '[' || string_agg(${artifact}, ',' ${order}) || ']' FROM (${pageRows}) a), '[]') AS body
        FROM (SELECT) one${scope}${keptJoin}`;
    }
    return `SELECT c.*, a.*, ${relatedColumns(options, null)}
         FROM (SELECT ${counts}${rules}
                      ${head ? `, ${head}` : ''} FROM (SELECT) one${scope}${keptJoin}) c
         LEFT JOIN (${pageRows}) a ON TRUE
       ${order}`;
  }

  /**
   * Without `q` the text takes few shapes (flags × sort × kind of caller), so it is prepared and planned
   * once per connection: planning it cost more than running it (1.1 ms against 0.6 ms). A `q` gives too
   * many shapes to keep a statement each.
   */
  private async run(sql: string, values: unknown[], fixedShape: boolean): Promise<ListedRow[]> {
    return fixedShape
      ? preparedQuery<ListedRow>(this.dataSource, sql, values, { generic: true })
      : ((await this.dataSource.query(sql, values)) as ListedRow[]);
  }

  private page(rows: ListedRow[], repository: string, options: ArtifactOptions) {
    const head = rows[0];
    if (!head?.known) throw HarborError.notFound(`repository ${repository} not found`);
    const page = rows.filter((row) => row.id !== null);
    const related = relatedOf(page, head);
    return { total: head.total, items: page.map((row) => toArtifact(row, related, options)) };
  }

  private async assertRepository(projectId: number, repository: string): Promise<void> {
    const [known] = (await this.dataSource.query(
      'SELECT 1 FROM repository WHERE name = $1 AND project_id = $2',
      [repository, projectId],
    )) as unknown[];
    if (!known) throw HarborError.notFound(`repository ${repository} not found`);
  }
}

/** The path the additions' links of `repository`'s artifacts start with, as `additionLinks` writes it. */
function additionsBase(repository: string): string {
  const [project, ...rest] = repository.split('/');
  const name = encodeURIComponent(encodeURIComponent(rest.join('/')));
  return `/api/v2.0/projects/${project}/repositories/${name}/artifacts/`;
}
