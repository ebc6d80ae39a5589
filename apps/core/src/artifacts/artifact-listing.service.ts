import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import { orderSql, parseSort, SqlParams } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { pagedQuery } from '../repositories/paged-query.js';
import { ARTIFACT_FIELDS, artifactWhere } from './artifact-query.js';
import { ARTIFACT_COLUMNS, type ArtifactRow } from './artifact-resolver.service.js';
import { toArtifact, type ArtifactOptions, type Related } from './artifact-view.js';

type Row = Record<string, unknown>;

function groupBy<K>(rows: Row[], key: (row: Row) => K): Map<K, Row[]> {
  const groups = new Map<K, Row[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Reads artifacts in the shapes of Harbor's swagger: one query for the page, one per related table. */
@Injectable()
export class ArtifactListing {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `repository` is the full name (`project/name`), 404 when missing; the page walks the (project, repository, push_time) index. */
  async list(
    projectId: number,
    repository: string,
    query: { q?: string; sort?: string },
    paging: Paging,
    options: ArtifactOptions,
  ) {
    const [known] = (await this.dataSource.query(
      'SELECT 1 FROM repository WHERE name = $1 AND project_id = $2',
      [repository, projectId],
    )) as unknown[];
    if (!known) throw HarborError.notFound(`repository ${repository} not found`);
    const params = new SqlParams([projectId, repository]);
    const where = `a.project_id = $1 AND a.repository_name = $2 AND ${artifactWhere(query.q, params)}`;
    const order = orderSql(
      parseSort(query.sort, ARTIFACT_FIELDS),
      ARTIFACT_FIELDS,
      'a.id DESC',
      'a.push_time DESC',
    );
    const { items, total } = await pagedQuery<ArtifactRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM artifact a WHERE ${where}`,
      select: (limitOffset) =>
        `SELECT ${ARTIFACT_COLUMNS} FROM artifact a WHERE ${where} ${order} ${limitOffset}`,
      params,
      paging,
    });
    return { total, items: await this.present(items, repository, options) };
  }

  async present(rows: ArtifactRow[], repository: string, options: ArtifactOptions) {
    const related = await this.related(rows, repository, options);
    return rows.map((row) => toArtifact(row, related, options));
  }

  private async related(rows: ArtifactRow[], repository: string, options: ArtifactOptions): Promise<Related> {
    const ids = rows.map((row) => row.id);
    const none = Promise.resolve([] as Row[]);
    const query = (sql: string, params: unknown[]) => this.dataSource.query(sql, params) as Promise<Row[]>;
    const [tags, labels, references, accessories, inherited] = await Promise.all([
      options.withTag && ids.length > 0
        ? query(
            `SELECT id, repository_id, artifact_id, name, push_time, pull_time FROM tag
              WHERE artifact_id = ANY($1::int[]) ORDER BY push_time DESC, id DESC`,
            [ids],
          )
        : none,
      options.withLabel && ids.length > 0
        ? query(
            `SELECT lr.artifact_id, l.id, l.name, l.description, l.color, l.scope, l.project_id, l.creation_time, l.update_time
               FROM label_reference lr JOIN harbor_label l ON l.id = lr.label_id
              WHERE lr.artifact_id = ANY($1::int[]) AND NOT l.deleted ORDER BY lr.id`,
            [ids],
          )
        : none,
      ids.length > 0
        ? query(
            `SELECT parent_id, child_id, child_digest, platform, urls, annotations FROM artifact_reference
              WHERE parent_id = ANY($1::int[]) ORDER BY id`,
            [ids],
          )
        : none,
      // Matched by repository and digest, as Harbor does: a signature may be pushed before its subject.
      options.withAccessory && ids.length > 0
        ? query(
            `SELECT acc.id, acc.artifact_id, acc.subject_artifact_id, acc.subject_artifact_repo, acc.subject_artifact_digest,
                    acc.size::bigint AS size, acc.digest, acc.type, acc.creation_time
               FROM artifact_accessory acc
              WHERE acc.subject_artifact_repo = $1 AND acc.subject_artifact_digest = ANY($2::varchar[]) ORDER BY acc.id`,
            [repository, rows.map((row) => row.digest)],
          )
        : none,
      // Only signatures: they cover the whole index, so its children too.
      options.withInheritedAccessory && ids.length > 0
        ? query(
            `SELECT ref.child_id, acc.id, acc.artifact_id, acc.subject_artifact_id, acc.subject_artifact_repo,
                    acc.subject_artifact_digest, acc.size::bigint AS size, acc.digest, acc.type, acc.creation_time
               FROM artifact_reference ref JOIN artifact parent ON parent.id = ref.parent_id
               JOIN artifact_accessory acc ON acc.subject_artifact_repo = parent.repository_name
                                          AND acc.subject_artifact_digest = parent.digest
              WHERE ref.child_id = ANY($1::int[]) AND acc.type IN ('signature.cosign', 'signature.notation')
              ORDER BY acc.id`,
            [ids],
          )
        : none,
    ]);
    return {
      tags: groupBy(tags, (row) => row.artifact_id as number),
      labels: groupBy(labels, (row) => row.artifact_id as number),
      references: groupBy(references, (row) => row.parent_id as number),
      accessories: groupBy(accessories, (row) => row.subject_artifact_digest as string),
      inherited: groupBy(inherited, (row) => row.child_id as number),
    };
  }
}
