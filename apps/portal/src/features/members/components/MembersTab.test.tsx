import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const DN = 'cn=developers,ou=groups,dc=example,dc=com';

function fakeApi(authMode: string) {
  const members = [
    { id: 1, project_id: 3, entity_name: 'admin', entity_type: 'u', entity_id: 1, role_id: 1 },
    { id: 7, project_id: 3, entity_name: 'qa', entity_type: 'g', entity_id: 2, role_id: 3 },
  ];
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 1, username: 'admin', sysadmin_flag: true });
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { auth_mode: authMode });
    if (url === '/api/v2.0/projects/3')
      return jsonResponse(200, { project_id: 3, name: 'team-a', current_user_role_id: 1, metadata: {} });
    if (url.startsWith('/api/v2.0/projects/3/members?'))
      return jsonResponse(200, members, { 'X-Total-Count': String(members.length) });
    if (url.startsWith('/api/v2.0/usergroups/search?'))
      return jsonResponse(200, [{ id: 2, group_name: 'qa', group_type: 1 }]);
    if (method === 'POST') return new Response(null, { status: 201 });
    if (method === 'PUT' || method === 'DELETE') return new Response(null, { status: 200 });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
  });
}

const posted = (fetch: ReturnType<typeof fakeApi>) =>
  fetch.mock.calls
    .filter(([url, init]) => url === '/api/v2.0/projects/3/members' && init?.method === 'POST')
    .map(([, init]) => JSON.parse(String(init?.body)) as unknown);

describe('project members: groups', () => {
  it('shows group rows as groups, whose role can change like a user’s', async () => {
    const fetch = fakeApi('db_auth');
    renderRoutes(routes, '/harbor/projects/3/members');
    const row = (await screen.findByText('qa')).closest('tr')!;
    expect(within(row).getByText('Group')).toBeTruthy();
    fireEvent.change(within(row).getByLabelText('Role of qa'), { target: { value: '2' } });
    await waitFor(() => {
      const put = fetch.mock.calls.find(
        ([url, init]) => url === '/api/v2.0/projects/3/members/7' && init?.method === 'PUT',
      );
      expect(JSON.parse(String(put?.[1]?.body))).toEqual({ role_id: 2 });
    });
  });

  it('adds an LDAP group by its DN with a role', async () => {
    const fetch = fakeApi('ldap_auth');
    renderRoutes(routes, '/harbor/projects/3/members');
    fireEvent.click(await screen.findByRole('button', { name: '+ Group' }));
    const dialog = screen.getByRole('dialog', { name: 'New Group Member' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(within(dialog).getByText('Enter the DN of an LDAP group.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('LDAP Group DN'), { target: { value: DN } });
    fireEvent.change(within(dialog).getByLabelText('Role'), { target: { value: '2' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(posted(fetch)).toEqual([{ role_id: 2, member_group: { ldap_group_dn: DN } }]));
  });

  it('adds an existing group chosen by name outside LDAP mode', async () => {
    const fetch = fakeApi('oidc_auth');
    renderRoutes(routes, '/harbor/projects/3/members');
    fireEvent.click(await screen.findByRole('button', { name: '+ Group' }));
    const dialog = screen.getByRole('dialog', { name: 'New Group Member' });
    expect(within(dialog).queryByLabelText('LDAP Group DN')).toBeNull();
    fireEvent.change(within(dialog).getByLabelText('Group name'), { target: { value: 'qa' } });
    // The suggestion arrives after the debounce; the chosen one is sent by id.
    await waitFor(() => expect(dialog.querySelector('datalist option[value="qa"]')).toBeTruthy());
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(posted(fetch)).toEqual([{ role_id: 2, member_group: { id: 2 } }]));
  });
});
