/** System settings kept in the `properties` table (Harbor's config store), with Harbor's defaults. */
export const CONFIGURATION_DEFAULTS = {
  auth_mode: 'db_auth',
  self_registration: false,
  project_creation_restriction: 'everyone' as 'everyone' | 'adminonly',
  token_expiration: 30,
  robot_token_duration: 30,
  robot_name_prefix: 'robot$',
  storage_per_project: -1,
  read_only: false,
  notification_enable: true,
  audit_log_forward_endpoint: '',
  banner_message: '',
};
export type Configuration = typeof CONFIGURATION_DEFAULTS;
export type ConfigurationKey = keyof Configuration;
