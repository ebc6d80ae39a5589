import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const developers = {
  id: 4,
  group_name: 'developers',
  group_type: 1,
  ldap_group_dn: 'cn=developers,ou=groups,dc=example,dc=com',
};

function fakeApi(authMode: string) {
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 1, username: 'admin', sysadmin_flag: true });
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { auth_mode: authMode });
    if (url.startsWith('/api/v2.0/usergroups?')) {
      const name = new URL(url, 'http://x').searchParams.get('group_name');
      const items = name && !'developers'.includes(name) ? [] : [developers];
      return jsonResponse(200, items, { 'X-Total-Count': String(items.length) });
    }
    if (url === '/api/v2.0/usergroups' && method === 'POST') {
      const body = JSON.parse(String(init.body)) as { ldap_group_dn?: string };
      if (body.ldap_group_dn?.startsWith('cn=ghosts'))
        return jsonResponse(400, {
          errors: [{ code: 'BAD_REQUEST', message: 'LDAP group DN not found in the directory' }],
        });
      return new Response(null, { status: 201, headers: { Location: '/api/v2.0/usergroups/5' } });
    }
    if (method === 'PUT' || method === 'DELETE') return new Response(null, { status: 200 });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
  });
}

const bodyOf = (fetch: ReturnType<typeof fakeApi>, method: string, url: string) =>
  JSON.parse(String(fetch.mock.calls.find(([u, init]) => u === url && init?.method === method)?.[1]?.body));

describe('Administration › Groups', () => {
  it('lists groups with type and DN, and creates an LDAP group, showing why one failed', async () => {
    const fetch = fakeApi('ldap_auth');
    renderRoutes(routes, '/harbor/groups');
    const row = (await screen.findByText('developers')).closest('tr')!;
    expect(within(row).getByText('LDAP')).toBeTruthy();
    expect(within(row).getByText(developers.ldap_group_dn)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '+ New Group' }));
    const dialog = screen.getByRole('dialog', { name: 'New Group' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getByText("Enter the group's name.")).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'ghosts' } });
    fireEvent.change(within(dialog).getByLabelText('LDAP Group DN'), {
      target: { value: 'cn=ghosts,ou=groups,dc=example,dc=com' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText(/LDAP group DN not found in the directory/)).toBeTruthy();
    expect(bodyOf(fetch, 'POST', '/api/v2.0/usergroups')).toEqual({
      group_name: 'ghosts',
      group_type: 1,
      ldap_group_dn: 'cn=ghosts,ou=groups,dc=example,dc=com',
    });
  });

  it('creates an OIDC group by name and type outside LDAP mode', async () => {
    const fetch = fakeApi('oidc_auth');
    renderRoutes(routes, '/harbor/groups');
    fireEvent.click(await screen.findByRole('button', { name: '+ New Group' }));
    const dialog = screen.getByRole('dialog', { name: 'New Group' });
    expect(within(dialog).queryByLabelText('LDAP Group DN')).toBeNull();
    expect((within(dialog).getByLabelText('Type') as HTMLSelectElement).value).toBe('3');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'platform' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(bodyOf(fetch, 'POST', '/api/v2.0/usergroups')).toEqual({
        group_name: 'platform',
        group_type: 3,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New Group' })).toBeNull());
  });

  it('renames and, after confirmation, deletes a group', async () => {
    const fetch = fakeApi('ldap_auth');
    renderRoutes(routes, '/harbor/groups');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit developers' }));
    const edit = screen.getByRole('dialog', { name: 'Edit group developers' });
    fireEvent.change(within(edit).getByLabelText('Name'), { target: { value: 'devs' } });
    fireEvent.click(within(edit).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(bodyOf(fetch, 'PUT', '/api/v2.0/usergroups/4')).toEqual({ group_name: 'devs' }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Delete developers' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete group' });
    expect(within(confirm).getByText(/Delete the group developers\?/)).toBeTruthy();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() =>
      expect(
        fetch.mock.calls.some(([u, init]) => u === '/api/v2.0/usergroups/4' && init?.method === 'DELETE'),
      ).toBe(true),
    );
  });
});
