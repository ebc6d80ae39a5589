import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { releaseQuota } from '@harbor-ts/db';
import { QUOTA_WARNING_PERCENT } from '@harbor-ts/events';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { orderSql, parseSort, SqlParams, type QueryFields } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import type { SecurityContext } from '../auth/security-context.js';
import { CoreEvents } from '../events/core-events.js';
import { operatorOf } from '../events/operator.js';
import { pagedQuery } from '../repositories/paged-query.js';
import { bytesSize } from './bytes-size.js';

const QUOTA_SELECT = `
  SELECT q.id, q.reference, q.reference_id, q.hard, u.used, q.creation_time, q.update_time,
         p.project_id, p.name AS project_name, o.username AS owner_name
    FROM quota q
    LEFT JOIN quota_usage u ON u.reference = q.reference AND u.reference_id = q.reference_id
    LEFT JOIN project p ON q.reference = 'project' AND p.project_id::text = q.reference_id
    LEFT JOIN harbor_user o ON o.user_id = p.owner_id`;

const QUOTA_SORT: QueryFields = {
  creation_time: { column: 'q.creation_time', type: 'time' },
  update_time: { column: 'q.update_time', type: 'time' },
  'hard.storage': { column: `(q.hard->>'storage')::bigint`, type: 'number' },
  'used.storage': { column: `(u.used->>'storage')::bigint`, type: 'number' },
};

interface QuotaRow {
  id: number;
  reference: string;
  reference_id: string;
  hard: Record<string, number>;
  used: Record<string, number> | null;
  creation_time: Date;
  update_time: Date;
  project_id: number | null;
  project_name: string | null;
  owner_name: string | null;
}

type Quota = ReturnType<typeof toQuota>;

/** What asks for storage, named in the quota events. */
export interface QuotaRequest {
  repository: string;
  digest: string;
  /** The tag a manifest is pushed by, when it is pushed by tag. */
  tag?: string;
  operator: string;
}

/** Harbor's Quota: `ref` names the project the quota belongs to. */
function toQuota(row: QuotaRow) {
  const ref =
    row.project_id === null ? {} : { id: row.project_id, name: row.project_name, owner_name: row.owner_name };
  return {
    id: row.id,
    ref,
    hard: row.hard,
    used: row.used ?? { storage: 0 },
    creation_time: row.creation_time,
    update_time: row.update_time,
  };
}

/** Project storage quotas: the admin API, and the check the registry gateway makes before accepting bytes. */
/** A reservation near the limit: announces Harbor's QUOTA_WARNING once the write has succeeded. */
export type QuotaWarning = () => Promise<void>;

@Injectable()
export class QuotaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CoreEvents,
  ) {}

  async list(filter: { reference?: string; reference_id?: string; sort?: string }, paging: Paging) {
    const params = new SqlParams();
    const conditions = ['TRUE'];
    if (filter.reference) conditions.push(`q.reference = ${params.add(filter.reference)}`);
    if (filter.reference_id) conditions.push(`q.reference_id = ${params.add(filter.reference_id)}`);
    const where = conditions.join(' AND ');
    const order = orderSql(
      parseSort(filter.sort, QUOTA_SORT),
      QUOTA_SORT,
      'q.id DESC',
      'q.creation_time DESC',
    );
    const { items, total } = await pagedQuery<QuotaRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM quota q WHERE ${where}`,
      select: (limitOffset) => `${QUOTA_SELECT} WHERE ${where} ${order} ${limitOffset}`,
      params,
      paging,
    });
    return { items: items.map(toQuota), total };
  }

  async get(id: number) {
    const rows: QuotaRow[] = await this.dataSource.query(`${QUOTA_SELECT} WHERE q.id = $1`, [id]);
    if (!rows[0]) throw HarborError.notFound(`quota ${id} not found`);
    return toQuota(rows[0]);
  }

  async updateHard(security: SecurityContext, quota: Quota, hard: { storage: number }): Promise<void> {
    await this.dataSource.query(
      'UPDATE quota SET hard = $2, version = version + 1, update_time = now() WHERE id = $1',
      [quota.id, JSON.stringify(hard)],
    );
    const { id: projectId, name } = quota.ref as { id?: number; name?: string | null };
    await this.events.emit({
      type: 'quota.updated',
      operator: operatorOf(security),
      projectId: projectId ?? 0,
      resource: name ?? String(quota.id),
    });
  }

  /**
   * Adds `bytes` to the project's storage usage if that stays within its hard limit (-1: unlimited), in
   * one atomic statement; otherwise emits Harbor's QUOTA_EXCEED event and throws Harbor's 403 "Quota
   * exceeded" stating used, requested and limit. Near the limit it returns the QUOTA_WARNING event for
   * the caller to announce once the write it reserved for has succeeded, as Harbor warns after a push.
   */
  async checkAndReserve(
    projectId: number,
    bytes: number,
    request: QuotaRequest,
  ): Promise<QuotaWarning | undefined> {
    if (!Number.isSafeInteger(bytes) || bytes < 0)
      throw new Error(`checkAndReserve: bytes must be a non-negative integer, got ${bytes}`);
    const [reserved] = (await this.dataSource.query(
      `UPDATE quota_usage u SET used = jsonb_set(u.used, '{storage}', to_jsonb(COALESCE((u.used->>'storage')::bigint, 0) + $2::bigint)),
              version = u.version + 1, update_time = now()
         FROM quota q
        WHERE u.reference = 'project' AND u.reference_id = $1 AND q.reference = u.reference AND q.reference_id = u.reference_id
          AND ((q.hard->>'storage')::bigint < 0 OR COALESCE((u.used->>'storage')::bigint, 0) + $2::bigint <= (q.hard->>'storage')::bigint)
        RETURNING (q.hard->>'storage')::bigint AS hard, (u.used->>'storage')::bigint AS used`,
      [String(projectId), bytes],
    )) as [{ hard: string; used: string }[], number];
    const [granted] = reserved;
    if (granted) {
      const [hard, used] = [Number(granted.hard), Number(granted.used)];
      if (hard >= 0 && used * 100 >= hard * QUOTA_WARNING_PERCENT)
        return () =>
          this.emitQuota('quota.warned', projectId, request, { hard, used: used - bytes, requested: bytes });
      return undefined;
    }
    const [row] = (await this.dataSource.query(
      `SELECT (q.hard->>'storage')::bigint AS hard, COALESCE((u.used->>'storage')::bigint, 0) AS used
         FROM quota q LEFT JOIN quota_usage u ON u.reference = q.reference AND u.reference_id = q.reference_id
        WHERE q.reference = 'project' AND q.reference_id = $1`,
      [String(projectId)],
    )) as { hard: string; used: string }[];
    if (!row) return undefined; // a project without a quota row (created before quotas existed) is not limited
    const usage = { hard: Number(row.hard), used: Number(row.used), requested: bytes };
    await this.emitQuota('quota.exceeded', projectId, request, usage);
    throw new HarborError(
      HarborErrorCode.DENIED,
      `Quota exceeded when processing the request of adding ${bytesSize(bytes)} of storage resource, which when updated to current usage of ${bytesSize(Number(row.used))} will exceed the configured upper limit of ${bytesSize(Number(row.hard))}.`,
    );
  }

  /** Gives back storage reserved for a push that did not complete, or freed by GC. */
  async release(projectId: number, bytes: number): Promise<void> {
    await releaseQuota(this.dataSource.manager, projectId, bytes);
  }

  private emitQuota(
    type: 'quota.exceeded' | 'quota.warned',
    projectId: number,
    request: QuotaRequest,
    usage: { hard: number; used: number; requested: number },
  ): Promise<void> {
    return this.events.emit({ type, projectId, ...request, ...usage });
  }
}
