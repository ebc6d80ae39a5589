import type { MessageKey } from '../../i18n/locales';
import {
  AUTH_MODES,
  LDAP_SCOPES,
  type AuthMode,
  type AuthSettings,
  type Configurations,
  type LdapConf,
  type LdapScope,
} from './api';

const text = (config: Configurations, key: keyof AuthSettings, fallback = '') => {
  const value = config[key]?.value;
  return typeof value === 'string' ? value : fallback;
};

const scope = (value: unknown): LdapScope => {
  const number = Number(value);
  return (LDAP_SCOPES as readonly number[]).includes(number) ? (number as LdapScope) : 2;
};

/** The form's starting values: what core reports, with Harbor's defaults; the password is never known. */
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
  };
}

/**
 * What Save sends: only the settings that differ from `initial`. The search password is write-only, so it
 * goes along only when one was typed (empty keeps the saved one).
 */
export function authChanges(initial: AuthSettings, form: AuthSettings): Partial<AuthSettings> {
  const changes: Partial<AuthSettings> = {};
  for (const key of Object.keys(form) as (keyof AuthSettings)[]) {
    if (key === 'ldap_search_password') continue;
    if (form[key] !== initial[key]) Object.assign(changes, { [key]: form[key] });
  }
  if (form.ldap_search_password) changes.ldap_search_password = form.ldap_search_password;
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

/** What keeps LDAP settings from being saved (nothing to check for the other modes). */
export function authProblems(form: AuthSettings): AuthProblems {
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
