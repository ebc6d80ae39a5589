import { z } from 'zod';
import type { Configuration, ConfigurationKey } from '../system/configuration.defaults.js';

const positiveInt = z.number().int().min(1);

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
  } satisfies Record<ConfigurationKey, z.ZodType>)
  .partial()
  .strict();

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
