import { apiClient, type ListPage } from '../../lib/api-client';
import type { Schemas } from '../../lib/api-types';

export type SecuritySummary = Schemas['SecuritySummary'];
export type VulnerabilityItem = Schemas['VulnerabilityItem'];

export function getSecuritySummary(signal?: AbortSignal): Promise<SecuritySummary> {
  return apiClient.get<SecuritySummary>('/security/summary', {
    signal,
    query: { with_dangerous_cve: true, with_dangerous_artifact: true },
  });
}

/** Findings across the system; `cveId` is an exact match, as Harbor's `q=cve_id=…`. */
export function listVulnerabilities(
  params: { page: number; pageSize: number; cveId?: string },
  signal?: AbortSignal,
): Promise<ListPage<VulnerabilityItem>> {
  return apiClient.list<VulnerabilityItem>('/security/vul', {
    signal,
    query: {
      page: params.page,
      page_size: params.pageSize,
      with_tag: true,
      q: params.cveId ? `cve_id=${params.cveId}` : undefined,
    },
  });
}
