import { apiClient } from '../../lib/api-client';

/** Harbor's ConfigurationsResponse: every setting as { value, editable }. */
export type Configurations = Record<string, { value: unknown; editable: boolean } | undefined>;

/** The settings this page edits (a subset of Harbor's; the API accepts any of them). */
export interface SystemSettings {
  project_creation_restriction: 'everyone' | 'adminonly';
  self_registration: boolean;
  robot_token_duration: number;
  robot_name_prefix: string;
  read_only: boolean;
}

export function getConfigurations(signal?: AbortSignal): Promise<Configurations> {
  return apiClient.get<Configurations>('/configurations', { signal });
}

export function updateConfigurations(changes: Partial<SystemSettings>): Promise<void> {
  return apiClient.put('/configurations', changes);
}

/** The system CVE allowlist (`expires_at` in Unix seconds; absent = never expires). */
export interface SystemAllowlist {
  items: { cve_id: string }[];
  expires_at?: number | null;
}

export function getSystemAllowlist(signal?: AbortSignal): Promise<SystemAllowlist> {
  return apiClient.get<SystemAllowlist>('/system/CVEAllowlist', { signal });
}

export function updateSystemAllowlist(allowlist: SystemAllowlist): Promise<void> {
  return apiClient.put('/system/CVEAllowlist', allowlist);
}
