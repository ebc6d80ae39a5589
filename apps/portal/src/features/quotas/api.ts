import { apiClient, type ListPage } from '../../lib/api-client';

/** Harbor's Quota; `ref` names the project it belongs to. */
export interface Quota {
  id: number;
  ref: { id?: number; name?: string; owner_name?: string };
  hard: { storage?: number };
  used: { storage?: number };
  creation_time?: string;
  update_time?: string;
}

export function listQuotas(page: number, pageSize: number, signal?: AbortSignal): Promise<ListPage<Quota>> {
  return apiClient.list<Quota>('/quotas', {
    signal,
    query: { reference: 'project', page, page_size: pageSize, sort: '-used.storage' },
  });
}

/** `storage` in bytes, -1 for unlimited. */
export function updateQuota(id: number, storage: number): Promise<void> {
  return apiClient.put(`/quotas/${id}`, { hard: { storage } });
}
