import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import { orderSql, parseQ, parseSort, SqlParams, whereSql, type QueryFields } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { pagedQuery } from '../repositories/paged-query.js';
import {
  storedRuleJson,
  toRuleView,
  type ImmutableRuleRequest,
  type ImmutableRuleView,
} from './immutable-rule.dto.js';

interface RuleRow {
  id: number;
  tag_filter: string;
  disabled: boolean;
}

const RULE_FIELDS: QueryFields = {
  id: { column: 'i.id', type: 'number' },
  disabled: { column: 'i.disabled', type: 'boolean' },
  creation_time: { column: 'i.creation_time', type: 'time' },
};

const DUPLICATE = 'immutable rule already exists';

/**
 * A project's immutable tag rules (Harbor's `immutable_tag_rule`). Every statement names the project
 * with the rule id, so a rule of another project is a 404, never read or changed.
 */
@Injectable()
export class ImmutableTagsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Oldest first, as Harbor lists them; `q` and `sort` over id, disabled and creation_time. */
  async list(
    projectId: number,
    query: { q?: string; sort?: string },
    paging: Paging,
  ): Promise<{ items: ImmutableRuleView[]; total: number }> {
    const params = new SqlParams([projectId]);
    const where = `i.project_id = $1 AND ${whereSql(parseQ(query.q, RULE_FIELDS), RULE_FIELDS, params)}`;
    const order = orderSql(parseSort(query.sort, RULE_FIELDS), RULE_FIELDS, 'i.id ASC');
    const { items, total } = await pagedQuery<RuleRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM immutable_tag_rule i WHERE ${where}`,
      select: (limitOffset) =>
        `SELECT i.id, i.tag_filter, i.disabled FROM immutable_tag_rule i WHERE ${where} ${order} ${limitOffset}`,
      params,
      paging,
    });
    return { items: items.map(toRuleView), total };
  }

  /** 409 when the project already has a rule with the same selectors, action, template and priority. */
  async create(projectId: number, rule: ImmutableRuleRequest): Promise<number> {
    const rows = (await this.dataSource
      .query(
        `INSERT INTO immutable_tag_rule (project_id, tag_filter, disabled) VALUES ($1, $2, $3) RETURNING id`,
        [projectId, storedRuleJson(rule), rule.disabled],
      )
      .catch(conflictOnDuplicate)) as { id: number }[];
    return rows[0]!.id;
  }

  /**
   * Replaces the rule and sets `disabled` in one statement. Harbor, given a changed `disabled`, only
   * toggles it and ignores the selectors; the portal sends either change alone, which both treat alike.
   */
  async update(projectId: number, id: number, rule: ImmutableRuleRequest): Promise<void> {
    const [, updated] = (await this.dataSource
      .query(
        `UPDATE immutable_tag_rule SET tag_filter = $3, disabled = $4 WHERE id = $1 AND project_id = $2`,
        [id, projectId, storedRuleJson(rule), rule.disabled],
      )
      .catch(conflictOnDuplicate)) as [unknown, number];
    if (updated === 0) throw notFound(id);
  }

  async delete(projectId: number, id: number): Promise<void> {
    const [, deleted] = (await this.dataSource.query(
      'DELETE FROM immutable_tag_rule WHERE id = $1 AND project_id = $2',
      [id, projectId],
    )) as [unknown, number];
    if (deleted === 0) throw notFound(id);
  }
}

function notFound(id: number): HarborError {
  return HarborError.notFound(`immutable rule ${id} not found`);
}

function conflictOnDuplicate(error: unknown): never {
  if (isUniqueViolation(error)) throw HarborError.conflict(DUPLICATE);
  throw error;
}
