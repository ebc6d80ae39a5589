import { describe, expect, it } from 'vitest';
import { authChanges, authProblems, authSettingsFrom, ldapPingBody } from './auth-settings';

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
