import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

function fakeApi(config: Record<string, { value: unknown; editable: boolean }>) {
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 1, username: 'admin', sysadmin_flag: true });
    if (url === '/api/v2.0/systeminfo')
      return jsonResponse(200, { auth_mode: 'db_auth', external_url: 'https://harbor.example.com' });
    if (url === '/api/v2.0/configurations' && method === 'GET') return jsonResponse(200, config);
    if (url === '/api/v2.0/ldap/ping') {
      const body = JSON.parse(String(init.body)) as { ldap_search_password?: string };
      return jsonResponse(
        200,
        body.ldap_search_password === 'right'
          ? { success: true }
          : { success: false, message: 'error: invalid credential' },
      );
    }
    if (url === '/api/v2.0/system/oidc/ping') {
      const body = JSON.parse(String(init.body)) as { url: string };
      return body.url === 'https://id.example.com'
        ? new Response(null, { status: 200 })
        : jsonResponse(400, {
            errors: [{ code: 'BAD_REQUEST', message: 'failed to verify the OIDC endpoint: 404 Not Found' }],
          });
    }
    if (method === 'PUT') return new Response(null, { status: 200 });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
  });
}

const DB_MODE = {
  auth_mode: { value: 'db_auth', editable: true },
  ldap_uid: { value: 'cn', editable: true },
  ldap_timeout: { value: 5, editable: true },
};

describe('Configuration › Authentication', () => {
  it('switches to LDAP, tests the server with the form’s values, and saves only what changed', async () => {
    const fetch = fakeApi(DB_MODE);
    renderRoutes(routes, '/harbor/configs/auth');
    fireEvent.change(await screen.findByLabelText('Auth Mode'), { target: { value: 'ldap_auth' } });
    fireEvent.change(screen.getByLabelText('LDAP URL'), { target: { value: 'ldap://127.0.0.1:3890' } });
    fireEvent.change(screen.getByLabelText('LDAP Search DN'), {
      target: { value: 'cn=admin,dc=example,dc=com' },
    });
    fireEvent.change(screen.getByLabelText('LDAP Search Password'), { target: { value: 'wrong' } });
    fireEvent.change(screen.getByLabelText('LDAP Base DN'), {
      target: { value: 'ou=people,dc=example,dc=com' },
    });
    fireEvent.change(screen.getByLabelText('LDAP UID'), { target: { value: 'uid' } });
    fireEvent.change(screen.getByLabelText('LDAP Group Membership'), { target: { value: 'memberOf' } });

    fireEvent.click(screen.getByRole('button', { name: 'Test LDAP Server' }));
    expect(
      await screen.findByText('Failed to connect to the LDAP server: error: invalid credential'),
    ).toBeTruthy();
    fireEvent.change(screen.getByLabelText('LDAP Search Password'), { target: { value: 'right' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test LDAP Server' }));
    expect(await screen.findByText('Connection to the LDAP server succeeded.')).toBeTruthy();
    const ping = fetch.mock.calls.filter(([url]) => url === '/api/v2.0/ldap/ping').at(-1);
    expect(JSON.parse(String(ping?.[1]?.body))).toMatchObject({
      ldap_url: 'ldap://127.0.0.1:3890',
      ldap_search_password: 'right',
      ldap_uid: 'uid',
      ldap_scope: 2,
      ldap_connection_timeout: 5,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT');
      expect(JSON.parse(String(put?.[1]?.body))).toEqual({
        auth_mode: 'ldap_auth',
        ldap_url: 'ldap://127.0.0.1:3890',
        ldap_search_dn: 'cn=admin,dc=example,dc=com',
        ldap_search_password: 'right',
        ldap_base_dn: 'ou=people,dc=example,dc=com',
        ldap_uid: 'uid',
        ldap_group_membership_attribute: 'memberOf',
      });
    });
    expect(await screen.findByText('Configuration saved.')).toBeTruthy();
    expect((screen.getByLabelText('LDAP Search Password') as HTMLInputElement).value).toBe('');
  });

  it('never prefills the password, leaves it out when empty, and locks the mode once users exist', async () => {
    const fetch = fakeApi({
      auth_mode: { value: 'ldap_auth', editable: false },
      ldap_url: { value: 'ldap://ldap.example.com', editable: true },
      ldap_base_dn: { value: 'dc=example,dc=com', editable: true },
      ldap_uid: { value: 'uid', editable: true },
    });
    renderRoutes(routes, '/harbor/configs/auth');
    const mode = (await screen.findByLabelText('Auth Mode')) as HTMLSelectElement;
    expect(mode.disabled).toBe(true);
    expect(
      screen.getByText('The auth mode can only be changed while there are no users other than admin.'),
    ).toBeTruthy();
    expect((screen.getByLabelText('LDAP Search Password') as HTMLInputElement).value).toBe('');
    fireEvent.change(screen.getByLabelText('LDAP Scope'), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('LDAP Timeout (seconds)'), { target: { value: '0' } });
    expect(screen.getByText('Enter a whole number of seconds greater than 0.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('LDAP Timeout (seconds)'), { target: { value: '8' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT');
      expect(JSON.parse(String(put?.[1]?.body))).toEqual({ ldap_scope: 1, ldap_timeout: 8 });
    });
  });

  it('switches to OIDC, shows the redirect URI, tests the provider and saves only what changed', async () => {
    const fetch = fakeApi({
      ...DB_MODE,
      oidc_verify_cert: { value: true, editable: true },
      oidc_extra_redirect_parms: { value: '{}', editable: true },
    });
    renderRoutes(routes, '/harbor/configs/auth');
    fireEvent.change(await screen.findByLabelText('Auth Mode'), { target: { value: 'oidc_auth' } });
    expect(((await screen.findByLabelText('Redirect URI')) as HTMLInputElement).value).toBe(
      'https://harbor.example.com/c/oidc/callback',
    );
    expect((screen.getByLabelText('OIDC Client Secret') as HTMLInputElement).value).toBe('');
    const type = (label: string, value: string) =>
      fireEvent.change(screen.getByLabelText(label), { target: { value } });
    type('OIDC Endpoint', 'https://id.example.com/wrong');
    type('OIDC Client ID', 'harbor');
    type('OIDC Client Secret', 'client-secret');
    type('OIDC Scope', 'openid,offline_access');
    type('Username Claim', 'preferred_username');

    fireEvent.click(screen.getByRole('button', { name: 'Test OIDC Server' }));
    expect(
      await screen.findByText(
        'Failed to connect to the OIDC server: failed to verify the OIDC endpoint: 404 Not Found',
      ),
    ).toBeTruthy();
    type('OIDC Endpoint', 'https://id.example.com');
    fireEvent.click(screen.getByLabelText('OIDC Verify Certificate'));
    fireEvent.click(screen.getByRole('button', { name: 'Test OIDC Server' }));
    expect(await screen.findByText('Connection to the OIDC server succeeded.')).toBeTruthy();
    const ping = fetch.mock.calls.filter(([url]) => url === '/api/v2.0/system/oidc/ping').at(-1);
    expect(JSON.parse(String(ping?.[1]?.body))).toEqual({
      url: 'https://id.example.com',
      verify_cert: false,
    });

    // Extra parameters must be a JSON object of strings before anything is saved.
    type('Extra Redirect Parameters', '{"prompt": 1}');
    expect(screen.getByText(/Enter a JSON object whose values are strings/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fetch.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(false));
    type('Extra Redirect Parameters', '{"prompt": "login"}');
    fireEvent.click(screen.getByLabelText('Automatic onboarding'));

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT');
      expect(JSON.parse(String(put?.[1]?.body))).toEqual({
        auth_mode: 'oidc_auth',
        oidc_endpoint: 'https://id.example.com',
        oidc_client_id: 'harbor',
        oidc_client_secret: 'client-secret',
        oidc_scope: 'openid,offline_access',
        oidc_user_claim: 'preferred_username',
        oidc_verify_cert: false,
        oidc_auto_onboard: true,
        oidc_extra_redirect_parms: '{"prompt": "login"}',
      });
    });
    expect(await screen.findByText('Configuration saved.')).toBeTruthy();
    expect((screen.getByLabelText('OIDC Client Secret') as HTMLInputElement).value).toBe('');
  });

  it('leaves the saved client secret alone when none is typed', async () => {
    const fetch = fakeApi({
      auth_mode: { value: 'oidc_auth', editable: false },
      oidc_endpoint: { value: 'https://id.example.com', editable: true },
      oidc_client_id: { value: 'harbor', editable: true },
      oidc_scope: { value: 'openid', editable: true },
    });
    renderRoutes(routes, '/harbor/configs/auth');
    fireEvent.change(await screen.findByLabelText('OIDC Provider Name'), { target: { value: 'Dex' } });
    fireEvent.click(screen.getByLabelText('Log out from the OIDC provider too'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT');
      expect(JSON.parse(String(put?.[1]?.body))).toEqual({ oidc_name: 'Dex', oidc_logout: true });
    });
  });

  it('keeps System Settings as the first tab at /harbor/configs', async () => {
    fakeApi(DB_MODE);
    const { router } = renderRoutes(routes, '/harbor/configs');
    expect(await screen.findByLabelText('Allow self-registration')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/harbor/configs/setting');
    expect(screen.getByRole('link', { name: 'Authentication' }).getAttribute('href')).toBe(
      '/harbor/configs/auth',
    );
  });
});
