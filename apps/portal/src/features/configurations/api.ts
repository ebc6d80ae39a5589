import { apiClient } from '../../lib/api-client';
import type { Operations, Schemas } from '../../lib/api-types';

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

/** Harbor's ways to sign in; core supports these three. */
export const AUTH_MODES = ['db_auth', 'ldap_auth', 'oidc_auth'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** LDAP search scopes: base object, one level, subtree. */
export const LDAP_SCOPES = [0, 1, 2] as const;
export type LdapScope = (typeof LDAP_SCOPES)[number];

/**
 * Administration › Configuration › Authentication. `ldap_search_password` and `oidc_client_secret` are
 * write-only: core never returns them, and '' means "keep the saved one".
 */
export interface AuthSettings {
  auth_mode: AuthMode;
  ldap_url: string;
  ldap_search_dn: string;
  ldap_search_password: string;
  ldap_base_dn: string;
  ldap_filter: string;
  ldap_uid: string;
  ldap_scope: LdapScope;
  ldap_timeout: number;
  ldap_verify_cert: boolean;
  ldap_group_base_dn: string;
  ldap_group_search_filter: string;
  ldap_group_attribute_name: string;
  ldap_group_admin_dn: string;
  ldap_group_membership_attribute: string;
  ldap_group_search_scope: LdapScope;
  ldap_group_attach_parallel: boolean;
  oidc_name: string;
  oidc_endpoint: string;
  oidc_client_id: string;
  oidc_client_secret: string;
  oidc_groups_claim: string;
  oidc_admin_group: string;
  oidc_group_filter: string;
  /** Comma separated, e.g. `openid,offline_access`. */
  oidc_scope: string;
  oidc_user_claim: string;
  oidc_verify_cert: boolean;
  oidc_auto_onboard: boolean;
  /** A JSON object of strings, as text (`{}` for none). */
  oidc_extra_redirect_parms: string;
  oidc_logout: boolean;
}

export type ConfigurationChanges = Partial<SystemSettings & AuthSettings>;

export function updateConfigurations(changes: ConfigurationChanges): Promise<void> {
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

export type LdapConf = Schemas['LdapConf'];
export type LdapPingResult = Schemas['LdapPingResult'];

/** Core binds with these settings (a missing password means the saved one) and says whether it could. */
export function pingLdap(conf: LdapConf): Promise<LdapPingResult> {
  return apiClient.post<LdapPingResult>('/ldap/ping', conf);
}

/** pingOIDC's body: the endpoint (issuer) to read the discovery document from. */
export type OidcPing = NonNullable<Operations['pingOIDC']['requestBody']>['content']['application/json'];

/** 200 when the endpoint serves a valid discovery document; 400 with the reason otherwise. */
export function pingOidc(body: OidcPing): Promise<void> {
  return apiClient.post('/system/oidc/ping', body);
}
