import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Override } from '../../lib/api-types';

/** What core puts in a project quota's `ref` (the swagger leaves QuotaRefObject open). */
export interface ProjectQuotaRef {
  id?: number;
  name?: string;
  owner_name?: string;
}

/** Harbor's Quota; `ref` names the project it belongs to. */
export type Quota = Override<ApiModel<'Quota', 'id' | 'hard' | 'used'>, { ref: ProjectQuotaRef }>;

export interface QuotaListParams {
  page: number;
  pageSize: number;
  /** Harbor's sort: `used.storage`, `hard.storage`, `creation_time`, `-…`. */
  sort: string;
}

export function listQuotas(
  { page, pageSize, sort }: QuotaListParams,
  signal?: AbortSignal,
): Promise<ListPage<Quota>> {
  return apiClient.list<Quota>('/quotas', {
    signal,
    query: { reference: 'project', page, page_size: pageSize, sort },
  });
}

/** `storage` in bytes, -1 for unlimited. */
export function updateQuota(id: number, storage: number): Promise<void> {
  return apiClient.put(`/quotas/${id}`, { hard: { storage } });
}
