import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Schemas } from '../../lib/api-types';

export type Registry = ApiModel<'Registry', 'id' | 'name' | 'url' | 'type'>;
export type RegistryCreate = Schemas['Registry'];
export type RegistryUpdate = Schemas['RegistryUpdate'];
export type RegistryPing = Schemas['RegistryPing'];
export type ProviderInfos = Record<string, Schemas['RegistryProviderInfo']>;

export function listRegistries(signal?: AbortSignal): Promise<ListPage<Registry>> {
  return apiClient.list<Registry>('/registries', { signal, query: { page: 1, page_size: 100 } });
}

export function createRegistry(input: RegistryCreate): Promise<void> {
  return apiClient.post('/registries', input);
}

export function updateRegistry({ id, update }: { id: number; update: RegistryUpdate }): Promise<void> {
  return apiClient.put(`/registries/${id}`, update);
}

export function deleteRegistry(id: number): Promise<void> {
  return apiClient.delete(`/registries/${id}`);
}

/** 200 when core reached the registry with these settings (a stored one's own URL when `id` is given). */
export function pingRegistry(input: RegistryPing): Promise<void> {
  return apiClient.post('/registries/ping', input);
}

export function listProviderTypes(signal?: AbortSignal): Promise<string[]> {
  return apiClient.get<string[]>('/replication/adapters', { signal });
}

export function listProviderInfos(signal?: AbortSignal): Promise<ProviderInfos> {
  return apiClient.get<ProviderInfos>('/replication/adapterinfos', { signal });
}
