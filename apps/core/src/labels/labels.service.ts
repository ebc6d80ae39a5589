import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import {
  containsPattern,
  orderSql,
  parseQ,
  parseSort,
  SqlParams,
  whereSql,
  type QueryFields,
} from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import type { SecurityContext } from '../auth/security-context.js';
import { CoreEvents } from '../events/core-events.js';
import { operatorOf } from '../events/operator.js';
import { pagedQuery } from '../repositories/paged-query.js';

export const labelSchema = z.object({
  name: z.string().trim().min(1).max(128),
  description: z.string().max(65535).optional(),
  color: z.string().max(16).optional(),
  scope: z.enum(['g', 'p']).optional(),
  project_id: z.number().int().min(0).max(2_147_483_647).optional(),
});
export type LabelRequest = z.output<typeof labelSchema>;

export interface LabelRow {
  id: number;
  name: string;
  description: string;
  color: string;
  scope: 'g' | 'p';
  project_id: number;
  creation_time: Date;
  update_time: Date;
}

const LABEL_SELECT =
  'SELECT l.id, l.name, l.description, l.color, l.scope, l.project_id, l.creation_time, l.update_time FROM harbor_label l';
const LABEL_FIELDS: QueryFields = {
  id: { column: 'l.id', type: 'number' },
  name: { column: 'l.name', type: 'string' },
  scope: { column: 'l.scope', type: 'string' },
  project_id: { column: 'l.project_id', type: 'number' },
  creation_time: { column: 'l.creation_time', type: 'time' },
  update_time: { column: 'l.update_time', type: 'time' },
};

/** Harbor's labels: global (`g`, project 0) or belonging to one project (`p`). Permissions are the caller's job. */
@Injectable()
export class LabelsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CoreEvents,
  ) {}

  async list(
    filter: { q?: string; sort?: string; name?: string; scope: 'g' | 'p'; projectId: number },
    paging: Paging,
  ) {
    const params = new SqlParams();
    const conditions = [whereSql(parseQ(filter.q, LABEL_FIELDS), LABEL_FIELDS, params), 'NOT l.deleted'];
    conditions.push(
      `l.scope = ${params.add(filter.scope)}`,
      `l.project_id = ${params.add(filter.projectId)}`,
    );
    if (filter.name) conditions.push(`l.name ILIKE ${params.add(containsPattern(filter.name))}`);
    const where = conditions.join(' AND ');
    const order = orderSql(
      parseSort(filter.sort, LABEL_FIELDS),
      LABEL_FIELDS,
      'l.id DESC',
      'l.creation_time DESC',
    );
    return pagedQuery<LabelRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM harbor_label l WHERE ${where}`,
      select: (limitOffset) => `${LABEL_SELECT} WHERE ${where} ${order} ${limitOffset}`,
      params,
      paging,
    });
  }

  async get(id: number): Promise<LabelRow> {
    const rows: LabelRow[] = await this.dataSource.query(
      `${LABEL_SELECT} WHERE l.id = $1 AND NOT l.deleted`,
      [id],
    );
    if (!rows[0]) throw HarborError.notFound(`label ${id} not found`);
    return rows[0];
  }

  async create(
    security: SecurityContext,
    request: LabelRequest & { scope: 'g' | 'p'; project_id: number },
  ): Promise<number> {
    const id = await this.unique(request.name, async () => {
      const [row] = (await this.dataSource.query(
        `INSERT INTO harbor_label (name, description, color, level, scope, project_id) VALUES ($1, $2, $3, 'u', $4, $5) RETURNING id`,
        [request.name, request.description ?? '', request.color ?? '', request.scope, request.project_id],
      )) as [{ id: number }];
      return row.id;
    });
    await this.emit(security, 'label.created', request.project_id, request.name);
    return id;
  }

  /** Name, description and color change; scope and project stay, as in Harbor. */
  async update(security: SecurityContext, label: LabelRow, request: LabelRequest): Promise<void> {
    await this.unique(request.name, () =>
      this.dataSource.query(
        'UPDATE harbor_label SET name = $2, description = $3, color = $4, update_time = now() WHERE id = $1',
        [label.id, request.name, request.description ?? label.description, request.color ?? label.color],
      ),
    );
    await this.emit(security, 'label.updated', label.project_id, label.name);
  }

  /** Removes the label and, by cascade, its attachments to artifacts. */
  async delete(security: SecurityContext, label: LabelRow): Promise<void> {
    await this.dataSource.query('DELETE FROM harbor_label WHERE id = $1', [label.id]);
    await this.emit(security, 'label.deleted', label.project_id, label.name);
  }

  private emit(
    security: SecurityContext,
    type: 'label.created' | 'label.updated' | 'label.deleted',
    projectId: number,
    name: string,
  ) {
    return this.events.emit({ type, operator: operatorOf(security), projectId, resource: name });
  }

  private async unique<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw HarborError.conflict(`label ${name} already exists`);
      throw error;
    }
  }
}
