import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import { orderSql, parseSort, SqlParams } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { preparedQuery } from '../common/prepared-query.js';
import { ARTIFACT_FIELDS, artifactWhere } from './artifact-query.js';
import { enabledRulesColumn } from '../immutable-tags/immutable-status.js';
import { needsImmutableRules, relatedColumns, relatedOf } from './artifact-related.js';
import { ARTIFACT_COLUMNS, type ArtifactRow } from './artifact-resolver.service.js';
import { toArtifact, type ArtifactOptions } from './artifact-view.js';

type ListedRow = ArtifactRow & Record<string, unknown> & { total: number; known: boolean };

/** Reads artifacts in the shapes of Harbor's swagger, each with its tags, labels and references. */
@Injectable()
export class ArtifactListing {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * `repository` is the full name (`project/name`), 404 when missing. One statement: whether the
   * repository exists, the total, and the page (on the (project, repository, push_time) index) with its
   * related rows, which are read for the page's rows only (after LIMIT/OFFSET).
   */
  async list(
    projectId: number,
    repository: string,
    query: { q?: string; sort?: string },
    paging: Paging,
    options: ArtifactOptions,
  ) {
    const params = new SqlParams([projectId, repository]);
    let where: string;
    let order: string;
    try {
      where = `a.project_id = $1 AND a.repository_name = $2 AND ${artifactWhere(query.q, params)}`;
      order = orderSql(
        parseSort(query.sort, ARTIFACT_FIELDS),
        ARTIFACT_FIELDS,
        'a.id DESC',
        'a.push_time DESC',
      );
    } catch (error) {
      await this.assertRepository(projectId, repository); // a missing repository is a 404 before a bad q
      throw error;
    }
    const limitOffset = `LIMIT ${params.add(paging.pageSize)} OFFSET ${params.add(paging.offset)}`;
    // The page keeps the names of ARTIFACT_FIELDS' columns, so `order` sorts the outer rows too.
    // with_immutable_status: the project's enabled rules are read once, in the head, and matched in memory.
    const rules = needsImmutableRules(options)
      ? `, ${enabledRulesColumn('$1', 'related_immutable_rules')}`
      : '';
    const sql = `SELECT c.*, a.*, ${relatedColumns(options, null)}
         FROM (SELECT (SELECT count(*)::int FROM artifact a WHERE ${where}) AS total,
                      EXISTS (SELECT 1 FROM repository WHERE name = $2 AND project_id = $1) AS known${rules}) c
         LEFT JOIN (SELECT ${ARTIFACT_COLUMNS} FROM artifact a WHERE ${where} ${order} ${limitOffset}) a ON TRUE
       ${order}`;
    // Without `q` the text takes few shapes (flags × sort), so it is prepared and planned once per
    // connection: planning it cost more than running it (1.1 ms against 0.6 ms). A `q` gives too many
    // shapes to keep a statement each.
    const rows = query.q
      ? ((await this.dataSource.query(sql, params.values)) as ListedRow[])
      : await preparedQuery<ListedRow>(this.dataSource, sql, params.values, { generic: true });
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
