import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Schemas } from '../../lib/api-types';

export type Scanner = ApiModel<'ScannerRegistration', 'uuid' | 'name' | 'url'>;
export type ScannerInput = Schemas['ScannerRegistrationReq'];
export type ScanAllStats = Schemas['Stats'];

/** The auth schemes Harbor's registrations take; '' is none. */
export const SCANNER_AUTHS = ['', 'Basic', 'Bearer', 'X-ScannerAdapter-API-Key'] as const;

export function listScanners(signal?: AbortSignal): Promise<ListPage<Scanner>> {
  return apiClient.list<Scanner>('/scanners', { signal, query: { page: 1, page_size: 100 } });
}

export function createScanner(input: ScannerInput): Promise<void> {
  return apiClient.post('/scanners', input);
}

/** Answers 200 when core reached the scanner and its metadata is valid; the error says why not. */
export function pingScanner(input: ScannerInput): Promise<void> {
  return apiClient.post('/scanners/ping', input);
}

export function setDefaultScanner(uuid: string): Promise<void> {
  return apiClient.patch(`/scanners/${uuid}`, { is_default: true });
}

export function deleteScanner(uuid: string): Promise<void> {
  return apiClient.delete(`/scanners/${uuid}`);
}

export function getScanAllMetrics(signal?: AbortSignal): Promise<ScanAllStats> {
  return apiClient.get<ScanAllStats>('/scans/all/metrics', { signal });
}

/** Scan all's saved schedule, Harbor's AdminJobSchedule shape; null when none (200 with no body). */
export type ScanAllSchedule = Schemas['Schedule'];

export async function getScanAllSchedule(signal?: AbortSignal): Promise<ScanAllSchedule | null> {
  return (await apiClient.get<ScanAllSchedule | undefined>('/system/scanAll/schedule', { signal })) ?? null;
}

/** Harbor creates the schedule with POST and changes (or, with `None`, removes) it with PUT. */
export function saveScanAllSchedule(input: {
  schedule: { type: string; cron: string };
  exists: boolean;
}): Promise<void> {
  const body = { schedule: input.schedule };
  return input.exists
    ? apiClient.put('/system/scanAll/schedule', body)
    : apiClient.post('/system/scanAll/schedule', body);
}

export function scanAllNow(): Promise<void> {
  return apiClient.post('/system/scanAll/schedule', { schedule: { type: 'Manual' } });
}
