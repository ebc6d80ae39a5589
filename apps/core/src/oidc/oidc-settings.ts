import type { ConfigurationService } from '../system/configuration.service.js';

/** Harbor's OIDCSetting, the client secret opened. */
export interface OidcSettings {
  name: string;
  endpoint: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  userClaim: string;
  groupsClaim: string;
  adminGroup: string;
  groupFilter: string;
  verifyCert: boolean;
  autoOnboard: boolean;
  extraRedirectParams: Record<string, string>;
  logout: boolean;
}

export async function savedOidcSettings(configuration: ConfigurationService): Promise<OidcSettings> {
  const c = await configuration.getAll();
  const scopes = c.oidc_scope
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean);
  return {
    name: c.oidc_name,
    endpoint: c.oidc_endpoint.replace(/\/+$/, ''),
    clientId: c.oidc_client_id,
    clientSecret: await configuration.secret('oidc_client_secret'),
    // `openid` is what makes it OIDC; Harbor's portal always sends it, so an empty setting means just that.
    scopes: scopes.includes('openid') ? scopes : ['openid', ...scopes],
    userClaim: c.oidc_user_claim,
    groupsClaim: c.oidc_groups_claim,
    adminGroup: c.oidc_admin_group,
    groupFilter: c.oidc_group_filter,
    verifyCert: c.oidc_verify_cert,
    autoOnboard: c.oidc_auto_onboard,
    extraRedirectParams: JSON.parse(c.oidc_extra_redirect_parms || '{}') as Record<string, string>,
    logout: c.oidc_logout,
  };
}
