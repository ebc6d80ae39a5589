import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel } from '../../lib/api-types';
import { fuzzyQuery } from '../../lib/harbor-query';

export type AuditLog = ApiModel<
  'AuditLog',
  'id' | 'username' | 'resource' | 'resource_type' | 'operation' | 'op_time'
>;

export interface LogParams {
  page: number;
  pageSize: number;
  /** Harbor's q filters, e.g. { operation: 'create', username: '~adm' }; a leading ~ means "contains". */
  filter?: { field: 'username' | 'resource' | 'resource_type' | 'operation'; value: string };
  /** Harbor's sort, e.g. `username`; newest first without one. */
  sort?: string;
}

/** `projectName` undefined: the system-wide log (admins). */
export function listLogs(
  projectName: string | undefined,
  params: LogParams,
  signal?: AbortSignal,
): Promise<ListPage<AuditLog>> {
  const path = projectName ? `/projects/${encodeURIComponent(projectName)}/logs` : '/audit-logs';
  const filter = params.filter?.value ? fuzzyQuery(params.filter.field, params.filter.value) : undefined;
  return apiClient.list<AuditLog>(path, {
    signal,
    query: { page: params.page, page_size: params.pageSize, q: filter, sort: params.sort ?? '-op_time' },
  });
}
