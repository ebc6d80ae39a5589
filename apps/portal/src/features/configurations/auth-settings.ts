import type { MessageKey } from '../../i18n/locales';
import {
  AUTH_MODES,
  LDAP_SCOPES,
  type AuthMode,
  type AuthSettings,
  type Configurations,
  type LdapConf,
  type LdapScope,
  type OidcPing,
} from './api';

const text = (config: Configurations, key: keyof AuthSettings, fallback = '') => {
  const value = config[key]?.value;
  return typeof value === 'string' ? value : fallback;
};

const scope = (value: unknown): LdapScope => {
  const number = Number(value);
  return (LDAP_SCOPES as readonly number[]).includes(number) ? (number as LdapScope) : 2;
};

/** The form's starting values: what core reports, with Harbor's defaults; secrets are never known. */
export function authSettingsFrom(config: Configurations): AuthSettings {
  const mode = config.auth_mode?.value;
  const timeout = Number(config.ldap_timeout?.value ?? 5);
  return {
    auth_mode: (AUTH_MODES as readonly unknown[]).includes(mode) ? (mode as AuthMode) : 'db_auth',
    ldap_url: text(config, 'ldap_url'),
    ldap_search_dn: text(config, 'ldap_search_dn'),
    ldap_search_password: '',
    ldap_base_dn: text(config, 'ldap_base_dn'),
    ldap_filter: text(config, 'ldap_filter'),
    ldap_uid: text(config, 'ldap_uid', 'cn'),
    ldap_scope: scope(config.ldap_scope?.value ?? 2),
    ldap_timeout: Number.isFinite(timeout) ? timeout : 5,
    ldap_verify_cert: config.ldap_verify_cert?.value !== false,
    ldap_group_base_dn: text(config, 'ldap_group_base_dn'),
    ldap_group_search_filter: text(config, 'ldap_group_search_filter'),
    ldap_group_attribute_name: text(config, 'ldap_group_attribute_name'),
    ldap_group_admin_dn: text(config, 'ldap_group_admin_dn'),
    ldap_group_membership_attribute: text(config, 'ldap_group_membership_attribute', 'memberof'),
    ldap_group_search_scope: scope(config.ldap_group_search_scope?.value ?? 2),
    ldap_group_attach_parallel: config.ldap_group_attach_parallel?.value === true,
    oidc_name: text(config, 'oidc_name'),
    oidc_endpoint: text(config, 'oidc_endpoint'),
    oidc_client_id: text(config, 'oidc_client_id'),
    oidc_client_secret: '',
    oidc_groups_claim: text(config, 'oidc_groups_claim'),
    oidc_admin_group: text(config, 'oidc_admin_group'),
    oidc_group_filter: text(config, 'oidc_group_filter'),
    oidc_scope: text(config, 'oidc_scope'),
    oidc_user_claim: text(config, 'oidc_user_claim'),
    oidc_verify_cert: config.oidc_verify_cert?.value !== false,
    oidc_auto_onboard: config.oidc_auto_onboard?.value === true,
    oidc_extra_redirect_parms: text(config, 'oidc_extra_redirect_parms', '{}'),
    oidc_logout: config.oidc_logout?.value === true,
  };
}

const WRITE_ONLY = ['ldap_search_password', 'oidc_client_secret'] as const;

/**
 * What Save sends: only the settings that differ from `initial`. The search password and the client secret
 * are write-only, so each goes along only when one was typed (empty keeps the saved one).
 */
export function authChanges(initial: AuthSettings, form: AuthSettings): Partial<AuthSettings> {
  const changes: Partial<AuthSettings> = {};
  for (const key of Object.keys(form) as (keyof AuthSettings)[]) {
    if ((WRITE_ONLY as readonly string[]).includes(key)) continue;
    if (form[key] !== initial[key]) Object.assign(changes, { [key]: form[key] });
  }
  for (const key of WRITE_ONLY) if (form[key]) changes[key] = form[key];
  return changes;
}

/** The body of "Test LDAP Server": the form's current values; no password means core uses the saved one. */
export function ldapPingBody(form: AuthSettings): LdapConf {
  return {
    ldap_url: form.ldap_url.trim(),
    ldap_search_dn: form.ldap_search_dn.trim(),
    ...(form.ldap_search_password ? { ldap_search_password: form.ldap_search_password } : {}),
    ldap_base_dn: form.ldap_base_dn.trim(),
    ldap_filter: form.ldap_filter.trim(),
    ldap_uid: form.ldap_uid.trim(),
    ldap_scope: form.ldap_scope,
    ldap_connection_timeout: form.ldap_timeout,
    ldap_verify_cert: form.ldap_verify_cert,
  };
}

export type AuthProblems = Partial<Record<keyof AuthSettings, MessageKey>>;

/** "Test OIDC Server": the form's endpoint and certificate check. */
export function oidcPingBody(form: AuthSettings): OidcPing {
  return { url: form.oidc_endpoint.trim(), verify_cert: form.oidc_verify_cert };
}

/** Harbor's StringToStringMapType: extra parameters must be a JSON object whose values are strings. */
export function isStringMap(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text.trim() || '{}');
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every((item) => typeof item === 'string')
    );
  } catch {
    return false;
  }
}

/** The redirect URI to register at the provider: core's callback under the instance's external URL. */
export function oidcRedirectUri(externalUrl: string): string {
  return `${externalUrl.replace(/\/+$/, '')}/c/oidc/callback`;
}

function oidcProblems(form: AuthSettings): AuthProblems {
  const problems: AuthProblems = {};
  const endpoint = form.oidc_endpoint.trim();
  if (!endpoint) problems.oidc_endpoint = 'auth.oidc_endpoint_required';
  else if (!/^https?:\/\/\S+$/i.test(endpoint)) problems.oidc_endpoint = 'auth.oidc_endpoint_invalid';
  if (!form.oidc_client_id.trim()) problems.oidc_client_id = 'auth.oidc_client_id_required';
  if (!form.oidc_scope.trim()) problems.oidc_scope = 'auth.oidc_scope_required';
  try {
    new RegExp(form.oidc_group_filter);
  } catch {
    problems.oidc_group_filter = 'auth.oidc_group_filter_invalid';
  }
  if (!isStringMap(form.oidc_extra_redirect_parms))
    problems.oidc_extra_redirect_parms = 'auth.oidc_extra_redirect_parms_invalid';
  return problems;
}

/** What keeps LDAP or OIDC settings from being saved (nothing to check for the database). */
export function authProblems(form: AuthSettings): AuthProblems {
  if (form.auth_mode === 'oidc_auth') return oidcProblems(form);
  if (form.auth_mode !== 'ldap_auth') return {};
  const problems: AuthProblems = {};
  if (!form.ldap_url.trim()) problems.ldap_url = 'auth.ldap_url_required';
  else if (!/^ldaps?:\/\/\S+$/i.test(form.ldap_url.trim())) problems.ldap_url = 'auth.ldap_url_invalid';
  if (!form.ldap_base_dn.trim()) problems.ldap_base_dn = 'auth.ldap_base_dn_required';
  if (!form.ldap_uid.trim()) problems.ldap_uid = 'auth.ldap_uid_required';
  if (!Number.isInteger(form.ldap_timeout) || form.ldap_timeout <= 0)
    problems.ldap_timeout = 'auth.ldap_timeout_invalid';
  return problems;
}
