import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ArtifactRow } from '../artifacts/artifact-resolver.service.js';
import {
  orderSql,
  parseQ,
  parseSort,
  SqlParams,
  whereSql,
  type Condition,
  type QueryFields,
  type SortKey,
} from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { accessoryIcon } from '../icons/icon-digests.js';
import { pagedQuery } from '../repositories/paged-query.js';

/** What `q` and `sort` may name: the columns of Harbor's accessory model. */
const ACCESSORY_FIELDS: QueryFields = {
  id: { column: 'acc.id', type: 'number' },
  artifact_id: { column: 'acc.artifact_id', type: 'number' },
  type: { column: 'acc.type', type: 'string' },
  digest: { column: 'acc.digest', type: 'string' },
  size: { column: 'acc.size', type: 'number' },
  creation_time: { column: 'acc.creation_time', type: 'time' },
};

interface AccessoryRow {
  id: number;
  artifact_id: number;
  subject_artifact_digest: string;
  subject_artifact_repo: string;
  size: string;
  digest: string;
  type: string;
  creation_time: Date;
}

export interface AccessoryQuery {
  conditions: Condition[];
  sort: SortKey[];
}

/** `q` and `sort` checked on their own, so a bad query is a 400 before the artifact is looked up. */
export function parseAccessoryQuery(query: { q?: string; sort?: string }): AccessoryQuery {
  return { conditions: parseQ(query.q, ACCESSORY_FIELDS), sort: parseSort(query.sort, ACCESSORY_FIELDS) };
}

/** Accessories (signatures, SBOMs, other referrers) of one artifact, as the push recorder noted them. */
@Injectable()
export class ArtifactAccessories {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(subject: ArtifactRow, query: AccessoryQuery, paging: Paging) {
    const params = new SqlParams();
    // A referrer pushed before its subject has no subject id yet; repository and digest still name it.
    const ofSubject = `(acc.subject_artifact_id = ${params.add(subject.id)} OR (acc.subject_artifact_id IS NULL
      AND acc.subject_artifact_repo = ${params.add(subject.repository_name)} AND acc.subject_artifact_digest = ${params.add(subject.digest)}))`;
    const where = `${ofSubject} AND ${whereSql(query.conditions, ACCESSORY_FIELDS, params)}`;
    const order = orderSql(query.sort, ACCESSORY_FIELDS, 'acc.id DESC', 'acc.creation_time DESC');
    const { items, total } = await pagedQuery<AccessoryRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM artifact_accessory acc WHERE ${where}`,
      select: (
        limitOffset,
      ) => `SELECT acc.id, acc.artifact_id, acc.subject_artifact_digest, acc.subject_artifact_repo,
          acc.size, acc.digest, acc.type, acc.creation_time FROM artifact_accessory acc WHERE ${where} ${order} ${limitOffset}`,
      params,
      paging,
    });
    return {
      total,
      items: items.map((row) => ({
        id: row.id,
        artifact_id: row.artifact_id,
        subject_artifact_id: subject.id,
        subject_artifact_digest: row.subject_artifact_digest,
        subject_artifact_repo: row.subject_artifact_repo,
        size: Number(row.size),
        digest: row.digest,
        type: row.type,
        icon: accessoryIcon(row.type),
        creation_time: row.creation_time,
      })),
    };
  }
}
