import { memberIsUser } from '../auth/membership-sql.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PROJECT_ROLE_IDS, roleAllows } from '@harbor-ts/auth';
import { SecurityContext } from '../auth/security-context.js';
import { orderSql, parseQ, parseSort, SqlParams, whereSql, type QueryFields } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { pagedQuery } from '../repositories/paged-query.js';

const AUDIT_FIELDS: QueryFields = {
  operation: { column: 'a.operation', type: 'string' },
  resource_type: { column: 'a.resource_type', type: 'string' },
  resource: { column: 'a.resource', type: 'string' },
  username: { column: 'a.username', type: 'string' },
  op_time: { column: 'a.op_time', type: 'time' },
};

/** Harbor's audit log, listed newest first; `AuditLogSubscriber` writes it. */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `scope` undefined: every entry (admins); else one project's entries, or those a non-admin may list. */
  async list(
    query: { q?: string; sort?: string },
    paging: Paging,
    scope?: { projectId: number } | SecurityContext,
  ) {
    const params = new SqlParams();
    const conditions = [whereSql(parseQ(query.q, AUDIT_FIELDS), AUDIT_FIELDS, params)];
    if (scope instanceof SecurityContext) conditions.push(loggableSql(scope, params));
    else if (scope) conditions.push(`a.project_id = ${params.add(scope.projectId)}`);
    const where = conditions.join(' AND ');
    const order = orderSql(parseSort(query.sort, AUDIT_FIELDS), AUDIT_FIELDS, 'a.id DESC', 'a.op_time DESC');
    // Unfiltered, the total is the one kept by triggers (migration 1700000005000), not a walk of every row.
    const count =
      where === 'TRUE'
        ? 'SELECT coalesce(sum(n), 0)::int AS count FROM audit_log_count'
        : `SELECT count(*)::int AS count FROM audit_log a WHERE ${where}`;
    return pagedQuery<Record<string, unknown>>(this.dataSource, {
      count,
      select: (
        limitOffset,
      ) => `SELECT a.id::int AS id, a.username, a.resource, a.resource_type, a.operation, a.op_time
         FROM audit_log a WHERE ${where} ${order} ${limitOffset}`,
      params,
      paging,
    });
  }
}

/**
 * The entries of the projects whose logs a non-admin may list: Harbor's member projects with log:list.
 * A subquery rather than a list of ids, so the listing needs no round trip of its own.
 */
function loggableSql(security: SecurityContext, params: SqlParams): string {
  if (security.userId === undefined) return 'FALSE';
  const roles = PROJECT_ROLE_IDS.filter((role) => roleAllows(role, 'log', 'list'));
  return `a.project_id IN (SELECT m.project_id FROM project_member m JOIN project p ON p.project_id = m.project_id
    WHERE ${memberIsUser('m', params.add(security.userId))}
      AND m.role = ANY(${params.add(roles)}::int[]) AND NOT p.deleted)`;
}
