import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import { orderSql, parseQ, parseSort, SqlParams, whereSql } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import type { SecurityContext } from '../auth/security-context.js';
import { CoreEvents } from '../events/core-events.js';
import { operatorOf } from '../events/operator.js';
import { enabledRulesColumn, rulesOfColumn, tagImmutability } from '../immutable-tags/immutable-status.js';
import { refuseImmutableTagDeletion } from '../immutable-tags/immutable-tag-check.js';
import { TAG_FIELDS } from './artifact-query.js';
import { jsonRows, TAG_JSON } from './artifact-related.js';
import type { ArtifactRow } from './artifact-resolver.service.js';
import { toTag } from './artifact-view.js';
import { RegistryContent } from './registry-content.js';

export interface TagPageColumns {
  tag_total: number;
  tag_page: unknown;
  /** The project's enabled immutable tag rules, read only for `with_immutable_status`. */
  immutable_rules?: unknown;
}

/** Docker's tag grammar: what `docker tag` accepts is what the registry will store. */
export const newTagSchema = z.object({ name: z.string().regex(/^[\w][\w.-]{0,127}$/, 'invalid tag name') });

/** One artifact's tags: listed from the catalogue, created and deleted in the catalogue and the registry alike. */
@Injectable()
export class TagsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RegistryContent,
    private readonly events: CoreEvents,
  ) {}

  /**
   * Columns for ArtifactScope.artifact that read the total and one page of the artifact `a`'s tags
   * with the artifact itself, in one statement; `tagPage` turns them into the listing. The page's ids
   * come first: (artifact_id, push_time, id) covers them, so a deep page of a 5,000-tag artifact is an
   * index-only walk (1.5 ms) where reading whole rows made the planner sort all 5,000 (2.2-2.9 ms).
   * Without `q` the total is the artifact's kept `tag_count` (migration 1700000035000).
   */
  pageColumns(
    query: { q?: string; sort?: string },
    paging: Paging,
    params: SqlParams,
    withImmutableStatus = false,
  ): string {
    const filter = whereSql(parseQ(query.q, TAG_FIELDS), TAG_FIELDS, params);
    const where = `t.artifact_id = a.id AND ${filter}`;
    const order = orderSql(parseSort(query.sort, TAG_FIELDS), TAG_FIELDS, 't.id DESC', 't.push_time DESC');
    const limitOffset = `LIMIT ${params.add(paging.pageSize)} OFFSET ${params.add(paging.offset)}`;
    const total = filter === 'TRUE' ? 'a.tag_count' : `(SELECT count(*)::int FROM tag t WHERE ${where})`;
    return `${total} AS tag_total,
      (SELECT json_agg(${TAG_JSON} ${order}) FROM tag t
        WHERE t.id IN (SELECT t.id FROM tag t WHERE ${where} ${order} ${limitOffset})) AS tag_page${
          withImmutableStatus ? `, ${enabledRulesColumn('a.project_id')}` : ''
        }`;
  }

  /** The page, each tag's `immutable` matched in memory against the rules `pageColumns` read (if any). */
  tagPage(artifact: TagPageColumns & Pick<ArtifactRow, 'repository_name'>) {
    const immutable = tagImmutability(rulesOfColumn(artifact.immutable_rules), artifact.repository_name);
    return {
      total: artifact.tag_total,
      items: jsonRows(artifact.tag_page).map((tag) => toTag(tag, immutable(String(tag.name)))),
    };
  }

  /**
   * The row is written first (a taken name fails there with 409, before the registry is touched), then
   * the same manifest bytes are put under the tag so `docker pull repo:tag` works; a registry failure
   * rolls the row back.
   */
  async create(security: SecurityContext, artifact: ArtifactRow, name: string): Promise<void> {
    await this.dataSource
      .transaction(async (manager) => {
        await manager.query(
          'INSERT INTO tag (repository_id, artifact_id, name, push_time) VALUES ($1, $2, $3, now())',
          [artifact.repository_id, artifact.id, name],
        );
        const manifest = await this.registry.manifest(artifact.repository_name, artifact.digest);
        await this.registry.putManifest(artifact.repository_name, name, manifest);
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error))
          throw HarborError.conflict(`tag ${name} already exists in ${artifact.repository_name}`);
        throw error;
      });
    await this.events.emit({
      type: 'tag.created',
      ...this.tagEvent(security, artifact, name),
      digest: artifact.digest,
    });
  }

  /** Only a tag of this artifact: a tag name of the same repository on another artifact is a 404. */
  async delete(security: SecurityContext, artifact: ArtifactRow, name: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await refuseImmutableTagDeletion(manager, { artifactId: artifact.id, tag: name });
      const [, deleted] = (await manager.query('DELETE FROM tag WHERE artifact_id = $1 AND name = $2', [
        artifact.id,
        name,
      ])) as [unknown, number];
      if (deleted === 0) throw HarborError.notFound(`tag ${name} not found on artifact ${artifact.digest}`);
      await this.registry.deleteManifest(artifact.repository_name, name);
    });
    await this.events.emit({
      type: 'tag.deleted',
      ...this.tagEvent(security, artifact, name),
      viaRegistry: false,
    });
  }

  private tagEvent(security: SecurityContext, artifact: ArtifactRow, tag: string) {
    const operator = operatorOf(security);
    return { operator, projectId: artifact.project_id, repository: artifact.repository_name, tag };
  }
}
