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
  // LDAP (Harbor's ldapbasic and ldapgroup settings); ldap_search_password is a sealed secret, kept apart.
  ldap_url: '',
  ldap_search_dn: '',
  ldap_base_dn: '',
  ldap_filter: '',
  ldap_uid: 'cn',
  ldap_scope: 2 as LdapScope,
  ldap_timeout: 5,
  ldap_verify_cert: true,
  ldap_group_base_dn: '',
  ldap_group_search_filter: '',
  ldap_group_attribute_name: '',
  ldap_group_search_scope: 2 as LdapScope,
  ldap_group_admin_dn: '',
  ldap_group_membership_attribute: 'memberof',
  ldap_group_attach_parallel: false,
  // OIDC; oidc_client_secret is a sealed secret, kept apart.
  oidc_name: '',
  oidc_endpoint: '',
  oidc_client_id: '',
  oidc_groups_claim: '',
  oidc_admin_group: '',
  oidc_group_filter: '',
  oidc_scope: '',
  oidc_user_claim: '',
  oidc_verify_cert: true,
  oidc_auto_onboard: false,
  oidc_extra_redirect_parms: '{}',
  oidc_logout: false,
};

/** 0 base, 1 one level, 2 subtree: the numbers Harbor's API uses. */
export type LdapScope = 0 | 1 | 2;

/** Settings stored sealed with the instance's secret key and never returned by the API. */
export const SECRET_SETTINGS = ['ldap_search_password', 'oidc_client_secret'] as const;
export type SecretSettingKey = (typeof SECRET_SETTINGS)[number];
export type Configuration = typeof CONFIGURATION_DEFAULTS;
export type ConfigurationKey = keyof Configuration;
