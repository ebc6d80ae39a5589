import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

/** Core with one signed-in user (id 12) whose current password is `Passw0rdOld`. */
function fakeCore() {
  return stubFetch((url, init) => {
    if (url === '/api/v2.0/users/current') return jsonResponse(200, { user_id: 12, username: 'dev' });
    if (url === '/api/v2.0/users/12/password' && init.method === 'PUT') {
      const body = JSON.parse(String(init.body)) as { old_password: string };
      return body.old_password === 'Passw0rdOld'
        ? new Response(null, { status: 200 })
        : jsonResponse(403, { errors: [{ code: 'FORBIDDEN', message: 'the old password is not correct' }] });
    }
    if (url.startsWith('/api/v2.0/projects')) return jsonResponse(200, [], { 'X-Total-Count': '0' });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: url }] });
  });
}

async function openDialog() {
  fireEvent.click(await screen.findByRole('button', { name: 'User menu for dev' }));
  fireEvent.click(screen.getByRole('menuitem', { name: 'Change Password' }));
  return screen.getByRole('dialog', { name: 'Change Password' });
}

const type = (dialog: HTMLElement, label: string, value: string) =>
  fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });

describe('change password', () => {
  it('shows the policy, then a wrong current password in words, then succeeds', async () => {
    const fetch = fakeCore();
    renderRoutes(routes, '/harbor/projects');
    const dialog = await openDialog();

    type(dialog, 'New password', 'short');
    expect(within(dialog).getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText(/8–128 characters/)).toBeTruthy();

    type(dialog, 'Current password', 'Wr0ngOne1');
    type(dialog, 'New password', 'Passw0rdNew');
    type(dialog, 'Confirm new password', 'Passw0rdNew');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('The current password is not correct.')).toBeTruthy();

    type(dialog, 'Current password', 'Passw0rdOld');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Your password has been changed.')).toBeTruthy();
    const puts = fetch.mock.calls.filter(([, init]) => init?.method === 'PUT');
    expect(JSON.parse(String(puts.at(-1)?.[1]?.body))).toEqual({
      old_password: 'Passw0rdOld',
      new_password: 'Passw0rdNew',
    });
  });

  it('refuses a new password equal to the current one before asking the server', async () => {
    const fetch = fakeCore();
    renderRoutes(routes, '/harbor/projects');
    const dialog = await openDialog();
    type(dialog, 'Current password', 'Passw0rdOld');
    type(dialog, 'New password', 'Passw0rdOld');
    type(dialog, 'Confirm new password', 'Passw0rdOld');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('The new password must differ from the current one.')).toBeTruthy();
    await waitFor(() => expect(fetch.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(false));
  });
});
