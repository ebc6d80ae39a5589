import type { LdapScope } from '../system/configuration.defaults.js';
import type { ConfigurationService } from '../system/configuration.service.js';

/** Harbor's LdapConf: how to reach the directory and find users. */
export interface LdapConnectionSettings {
  url: string;
  searchDn: string;
  searchPassword: string;
  baseDn: string;
  filter: string;
  uidAttribute: string;
  scope: LdapScope;
  timeoutSeconds: number;
  verifyCert: boolean;
}

/** Harbor's GroupConf: where groups live and which one makes its members admins. */
export interface LdapGroupSettings {
  baseDn: string;
  filter: string;
  nameAttribute: string;
  scope: LdapScope;
  adminDn: string;
  membershipAttribute: string;
}

export interface LdapSettings {
  connection: LdapConnectionSettings;
  groups: LdapGroupSettings;
}

/** The saved LDAP settings, the search password opened. */
export async function savedLdapSettings(configuration: ConfigurationService): Promise<LdapSettings> {
  const c = await configuration.getAll();
  return {
    connection: {
      url: c.ldap_url,
      searchDn: c.ldap_search_dn,
      searchPassword: await configuration.secret('ldap_search_password'),
      baseDn: c.ldap_base_dn,
      filter: c.ldap_filter,
      uidAttribute: c.ldap_uid,
      scope: c.ldap_scope,
      timeoutSeconds: c.ldap_timeout,
      verifyCert: c.ldap_verify_cert,
    },
    groups: {
      baseDn: c.ldap_group_base_dn,
      filter: c.ldap_group_search_filter,
      nameAttribute: c.ldap_group_attribute_name || 'cn',
      scope: c.ldap_group_search_scope,
      adminDn: c.ldap_group_admin_dn,
      membershipAttribute: c.ldap_group_membership_attribute || 'memberof',
    },
  };
}

export const LDAP_SCOPE_NAMES = { 0: 'base', 1: 'one', 2: 'sub' } as const;
