import { describe, expect, it } from 'vitest';
import {
  authChanges,
  authProblems,
  authSettingsFrom,
  isStringMap,
  ldapPingBody,
  oidcPingBody,
  oidcRedirectUri,
} from './auth-settings';

const saved = authSettingsFrom({
  auth_mode: { value: 'ldap_auth', editable: true },
  ldap_url: { value: 'ldap://ldap.example.com', editable: true },
  ldap_search_dn: { value: 'cn=admin,dc=example,dc=com', editable: true },
  ldap_base_dn: { value: 'ou=people,dc=example,dc=com', editable: true },
  ldap_uid: { value: 'uid', editable: true },
  ldap_scope: { value: 1, editable: true },
  ldap_timeout: { value: 10, editable: true },
  ldap_verify_cert: { value: false, editable: true },
});

describe('authentication settings', () => {
  it('reads core’s values with Harbor’s defaults, and never a password', () => {
    expect(saved).toMatchObject({
      auth_mode: 'ldap_auth',
      ldap_url: 'ldap://ldap.example.com',
      ldap_search_password: '',
      ldap_scope: 1,
      ldap_timeout: 10,
      ldap_verify_cert: false,
      ldap_group_search_scope: 2,
      ldap_group_membership_attribute: 'memberof',
    });
    expect(authSettingsFrom({}).auth_mode).toBe('db_auth');
    expect(authSettingsFrom({ auth_mode: { value: 'uaa_auth', editable: true } }).auth_mode).toBe('db_auth');
    expect(authSettingsFrom({}).ldap_uid).toBe('cn');
  });

  it('saves only what changed, and the password only when one was typed', () => {
    expect(authChanges(saved, saved)).toEqual({});
    expect(authChanges(saved, { ...saved, ldap_filter: '(objectClass=person)', ldap_scope: 2 })).toEqual({
      ldap_filter: '(objectClass=person)',
      ldap_scope: 2,
    });
    expect(authChanges(saved, { ...saved, ldap_search_password: 'secret' })).toEqual({
      ldap_search_password: 'secret',
    });
  });

  it('tests the connection with the form’s values, leaving out an empty password', () => {
    expect(ldapPingBody({ ...saved, ldap_url: ' ldap://other:389 ' })).toEqual({
      ldap_url: 'ldap://other:389',
      ldap_search_dn: 'cn=admin,dc=example,dc=com',
      ldap_base_dn: 'ou=people,dc=example,dc=com',
      ldap_filter: '',
      ldap_uid: 'uid',
      ldap_scope: 1,
      ldap_connection_timeout: 10,
      ldap_verify_cert: false,
    });
    expect(ldapPingBody({ ...saved, ldap_search_password: 'pw' }).ldap_search_password).toBe('pw');
  });

  it('checks LDAP settings only in LDAP mode', () => {
    expect(authProblems(saved)).toEqual({});
    expect(
      authProblems({ ...saved, ldap_url: 'http://x', ldap_base_dn: ' ', ldap_uid: '', ldap_timeout: 0 }),
    ).toEqual({
      ldap_url: 'auth.ldap_url_invalid',
      ldap_base_dn: 'auth.ldap_base_dn_required',
      ldap_uid: 'auth.ldap_uid_required',
      ldap_timeout: 'auth.ldap_timeout_invalid',
    });
    expect(authProblems({ ...saved, auth_mode: 'db_auth', ldap_url: '' })).toEqual({});
  });
});

describe('OIDC settings', () => {
  const oidc = authSettingsFrom({
    auth_mode: { value: 'oidc_auth', editable: true },
    oidc_name: { value: 'Keycloak', editable: true },
    oidc_endpoint: { value: 'https://id.example.com/realms/dev', editable: true },
    oidc_client_id: { value: 'harbor', editable: true },
    oidc_scope: { value: 'openid,offline_access', editable: true },
    oidc_verify_cert: { value: false, editable: true },
    oidc_auto_onboard: { value: true, editable: true },
  });

  it('reads core’s values with Harbor’s defaults, and never the client secret', () => {
    expect(oidc).toMatchObject({
      oidc_name: 'Keycloak',
      oidc_endpoint: 'https://id.example.com/realms/dev',
      oidc_client_secret: '',
      oidc_verify_cert: false,
      oidc_auto_onboard: true,
      oidc_extra_redirect_parms: '{}',
      oidc_logout: false,
    });
    expect(authSettingsFrom({})).toMatchObject({ oidc_verify_cert: true, oidc_auto_onboard: false });
  });

  it('saves only what changed, and the client secret only when one was typed', () => {
    expect(authChanges(oidc, oidc)).toEqual({});
    expect(authChanges(oidc, { ...oidc, oidc_user_claim: 'preferred_username', oidc_logout: true })).toEqual({
      oidc_user_claim: 'preferred_username',
      oidc_logout: true,
    });
    expect(authChanges(oidc, { ...oidc, oidc_client_secret: 's3cret' })).toEqual({
      oidc_client_secret: 's3cret',
    });
  });

  it('tests the form’s endpoint with its certificate setting', () => {
    expect(oidcPingBody({ ...oidc, oidc_endpoint: ' https://other.example.com ' })).toEqual({
      url: 'https://other.example.com',
      verify_cert: false,
    });
  });

  it('checks the endpoint, client, scope, group filter and extra parameters in OIDC mode only', () => {
    expect(authProblems(oidc)).toEqual({});
    expect(
      authProblems({
        ...oidc,
        oidc_endpoint: 'id.example.com',
        oidc_client_id: ' ',
        oidc_scope: '',
        oidc_group_filter: '(',
        oidc_extra_redirect_parms: '{"prompt": 1}',
      }),
    ).toEqual({
      oidc_endpoint: 'auth.oidc_endpoint_invalid',
      oidc_client_id: 'auth.oidc_client_id_required',
      oidc_scope: 'auth.oidc_scope_required',
      oidc_group_filter: 'auth.oidc_group_filter_invalid',
      oidc_extra_redirect_parms: 'auth.oidc_extra_redirect_parms_invalid',
    });
    expect(authProblems({ ...oidc, oidc_endpoint: '' }).oidc_endpoint).toBe('auth.oidc_endpoint_required');
    expect(authProblems({ ...oidc, auth_mode: 'db_auth', oidc_endpoint: '' })).toEqual({});
  });

  it('accepts only a JSON object of strings as extra redirect parameters', () => {
    expect(isStringMap('{}')).toBe(true);
    expect(isStringMap('')).toBe(true);
    expect(isStringMap('{"prompt": "login", "kc_idp_hint": "github"}')).toBe(true);
    for (const text of ['[]', 'null', '"x"', '{"a": {"b": "c"}}', '{"a": true}', '{prompt: "login"}'])
      expect(isStringMap(text), text).toBe(false);
  });

  it('builds the redirect URI under the external URL', () => {
    expect(oidcRedirectUri('https://harbor.example.com/')).toBe('https://harbor.example.com/c/oidc/callback');
  });
});
