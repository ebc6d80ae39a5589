import { z } from 'zod';
import type { Configuration, ConfigurationKey, SecretSettingKey } from '../system/configuration.defaults.js';

const positiveInt = z.number().int().min(1);
const ldapScope = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/** What PUT /configurations accepts: Harbor's types and enums; unknown keys are refused. */
export const configurationsUpdateSchema = z
  .object({
    auth_mode: z.enum(['db_auth', 'ldap_auth', 'uaa_auth', 'http_auth', 'oidc_auth']),
    self_registration: z.boolean(),
    project_creation_restriction: z.enum(['everyone', 'adminonly']),
    token_expiration: positiveInt,
    robot_token_duration: positiveInt,
    robot_name_prefix: z.string().min(1).max(30),
    storage_per_project: z
      .number()
      .int()
      .refine((v) => v === -1 || v > 0, 'must be -1 or greater than 0'),
    read_only: z.boolean(),
    notification_enable: z.boolean(),
    audit_log_forward_endpoint: z.union([
      z.literal(''),
      z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port'),
    ]),
    banner_message: z.string().max(4096),
    ldap_url: z.string().trim().max(1024),
    ldap_search_dn: z.string().trim().max(1024),
    ldap_base_dn: z.string().trim().max(1024),
    ldap_filter: z.string().trim().max(1024),
    ldap_uid: z.string().trim().min(1).max(255),
    ldap_scope: ldapScope,
    ldap_timeout: positiveInt.max(300),
    ldap_verify_cert: z.boolean(),
    ldap_group_base_dn: z.string().trim().max(1024),
    ldap_group_search_filter: z.string().trim().max(1024),
    ldap_group_attribute_name: z.string().trim().max(255),
    ldap_group_search_scope: ldapScope,
    ldap_group_admin_dn: z.string().trim().max(1024),
    ldap_group_membership_attribute: z.string().trim().max(255),
    ldap_group_attach_parallel: z.boolean(),
    oidc_name: z.string().trim().max(255),
    oidc_endpoint: z.union([z.literal(''), z.string().trim().url().max(1024)]),
    oidc_client_id: z.string().trim().max(1024),
    oidc_groups_claim: z.string().trim().max(255),
    oidc_admin_group: z.string().trim().max(255),
    oidc_group_filter: z.string().trim().max(1024).refine(isRegExp, 'must be a valid regular expression'),
    oidc_scope: z.string().trim().max(1024),
    oidc_user_claim: z.string().trim().max(255),
    oidc_verify_cert: z.boolean(),
    oidc_auto_onboard: z.boolean(),
    oidc_extra_redirect_parms: z
      .string()
      .trim()
      .max(4096)
      .refine(isStringMap, 'must be a JSON object of strings'),
    oidc_logout: z.boolean(),
  } satisfies Record<ConfigurationKey, z.ZodType>)
  .extend({
    ldap_search_password: z.string().max(1024),
    oidc_client_secret: z.string().max(1024),
  } satisfies Record<SecretSettingKey, z.ZodType>)
  .partial()
  .strict();

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Harbor's StringToStringMapType: `{"prompt": "login"}`. */
function isStringMap(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text || '{}');
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every((v) => typeof v === 'string')
    );
  } catch {
    return false;
  }
}

/** Settings that exist in Harbor but are fixed here; shown so clients find every key they expect. */
export const FIXED_SETTINGS = {
  primary_auth_mode: false,
  quota_per_project_enable: true,
  skip_audit_log_database: false,
};

/** `{key: {value, editable}}`, Harbor's ConfigurationsResponse; nothing secret is stored among these. */
export function toConfigurationsResponse(settings: Configuration, authModeEditable: boolean) {
  const items: Record<string, { value: unknown; editable: boolean }> = {};
  for (const [key, value] of Object.entries(settings)) {
    items[key] = { value, editable: key !== 'auth_mode' || authModeEditable };
  }
  for (const [key, value] of Object.entries(FIXED_SETTINGS)) items[key] = { value, editable: false };
  return items;
}
