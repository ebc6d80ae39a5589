import { apiClient } from '../../lib/api-client';

/** Harbor's GeneralInfo (GET /systeminfo); readable without signing in. Optional fields vary by version. */
export interface SystemInfo {
  harbor_version?: string;
  auth_mode?: string;
  external_url?: string;
  registry_url?: string;
  project_creation_restriction?: string;
  self_registration?: boolean;
  has_ca_root?: boolean;
  read_only?: boolean;
  with_chartmuseum?: boolean;
  notification_enable?: boolean;
}

export function getSystemInfo(signal?: AbortSignal): Promise<SystemInfo> {
  return apiClient.get<SystemInfo>('/systeminfo', { signal });
}
