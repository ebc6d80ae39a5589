import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const admin = { user_id: 1, username: 'admin', sysadmin_flag: true };
const dev = { user_id: 2, username: 'dev', sysadmin_flag: false, email: 'dev@example.com', realname: 'Dev' };

/** A fake core for the administration pages. */
function fakeAdminApi() {
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v2.0/users/current') return jsonResponse(200, admin);
    if (url.startsWith('/api/v2.0/users?')) return jsonResponse(200, [dev, admin], { 'X-Total-Count': '2' });
    if (url === '/api/v2.0/users/2/sysadmin' && method === 'PUT') return new Response(null, { status: 200 });
    if (url === '/api/v2.0/users/2/password' && method === 'PUT') return new Response(null, { status: 200 });
    if (url.startsWith('/api/v2.0/audit-logs?'))
      return jsonResponse(
        200,
        [
          {
            id: 1,
            username: 'admin',
            resource: 'team-a',
            resource_type: 'project',
            operation: 'create',
            op_time: '2024-05-01T10:00:00Z',
          },
        ],
        { 'X-Total-Count': '1' },
      );
    if (url.startsWith('/api/v2.0/quotas?'))
      return jsonResponse(
        200,
        [
          {
            id: 4,
            ref: { id: 3, name: 'team-a', owner_name: 'admin' },
            hard: { storage: 1024 ** 3 },
            used: { storage: 256 * 1024 ** 2 },
          },
        ],
        { 'X-Total-Count': '1' },
      );
    if (url === '/api/v2.0/quotas/4' && method === 'PUT') return new Response(null, { status: 200 });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: url }] });
  });
}

const body = (fetch: ReturnType<typeof fakeAdminApi>, url: string) =>
  JSON.parse(
    String(fetch.mock.calls.find(([u, init]) => u === url && init?.method === 'PUT')?.[1]?.body),
  ) as unknown;

// The first render of each lazy page transforms its chunk; allow for a cold, busy machine.
describe('administration', { timeout: 20_000 }, () => {
  it('makes a user admin and resets a password within the policy', async () => {
    const fetch = fakeAdminApi();
    renderRoutes(routes, '/harbor/users');

    const row = (await screen.findByText('dev')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Set as admin' }));
    await waitFor(() => expect(body(fetch, '/api/v2.0/users/2/sysadmin')).toEqual({ sysadmin_flag: true }));

    fireEvent.click(within(row).getByRole('button', { name: 'Reset password' }));
    const dialog = screen.getByRole('dialog', { name: 'Reset password of dev' });
    fireEvent.change(within(dialog).getByLabelText('New password'), { target: { value: 'weak' } });
    expect(within(dialog).getByText(/8–128 characters/)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('New password'), { target: { value: 'Str0ngPass' } });
    fireEvent.change(within(dialog).getByLabelText('Confirm password'), { target: { value: 'Str0ngPass' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(body(fetch, '/api/v2.0/users/2/password')).toEqual({ new_password: 'Str0ngPass' }),
    );

    // Nobody can demote or delete themselves from here.
    const self = screen.getAllByRole('row').find((r) => r.querySelector('td')?.textContent === 'admin')!;
    expect((within(self).getByRole('button', { name: 'Delete' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('sorts users, audit logs and quotas through the API, kept in the URL', async () => {
    const fetch = fakeAdminApi();
    const sortsOf = (path: string) =>
      fetch.mock.calls
        .map(([url]) => new URL(String(url), 'http://x'))
        .filter((url) => url.pathname === path)
        .map((url) => url.searchParams.get('sort'));

    const users = renderRoutes(routes, '/harbor/users');
    await screen.findByText('dev');
    fireEvent.click(screen.getByRole('button', { name: 'Sort by Username' }));
    await waitFor(() => expect(sortsOf('/api/v2.0/users')).toContain('username'));
    fireEvent.click(await screen.findByRole('button', { name: 'Sort by Username' }));
    await waitFor(() => expect(sortsOf('/api/v2.0/users')).toContain('-username'));
    expect(users.router.state.location.search).toBe('?sort=-username');
    users.unmount();

    // The audit log is newest first until a header says otherwise.
    const logs = renderRoutes(routes, '/harbor/logs');
    await screen.findByText('team-a');
    expect(sortsOf('/api/v2.0/audit-logs')).toEqual(['-op_time']);
    fireEvent.click(screen.getByRole('button', { name: 'Sort by Operation' }));
    await waitFor(() => expect(sortsOf('/api/v2.0/audit-logs')).toContain('operation'));
    logs.unmount();

    // A hand-edited sort core would refuse falls back to the default.
    renderRoutes(routes, '/harbor/project-quotas?sort=name');
    await screen.findByText('team-a');
    expect(sortsOf('/api/v2.0/quotas')).toEqual(['-used.storage']);
  });

  it('lists audit logs filtered with Harbor q syntax', async () => {
    const fetch = fakeAdminApi();
    renderRoutes(routes, '/harbor/logs');

    expect(await screen.findByText('team-a')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Filter by'), { target: { value: 'operation' } });
    fireEvent.change(screen.getByLabelText('Filter logs'), { target: { value: 'create' } });
    await waitFor(() =>
      expect(
        fetch.mock.calls.some(
          ([url]) => new URL(String(url), 'http://x').searchParams.get('q') === 'operation=~create',
        ),
      ).toBe(true),
    );
  });

  it('edits a project quota in bytes', async () => {
    const fetch = fakeAdminApi();
    renderRoutes(routes, '/harbor/project-quotas');

    expect(await screen.findByText('256 MiB of 1 GiB')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Quota of team-a' });
    fireEvent.change(within(dialog).getByLabelText('Storage Quota'), { target: { value: '5' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(body(fetch, '/api/v2.0/quotas/4')).toEqual({ hard: { storage: 5 * 1024 ** 3 } }),
    );
  });
});
