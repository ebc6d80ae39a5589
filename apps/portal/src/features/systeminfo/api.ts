import { apiClient } from '../../lib/api-client';
import type { ApiModel } from '../../lib/api-types';

export type SystemInfo = ApiModel<'GeneralInfo'>;

export function getSystemInfo(signal?: AbortSignal): Promise<SystemInfo> {
  return apiClient.get<SystemInfo>('/systeminfo', { signal });
}
