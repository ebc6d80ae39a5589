import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

/** Core in `authMode` with one signed-in user (id 12); OIDC users carry their CLI secret. */
function fakeCore(authMode: 'db_auth' | 'oidc_auth', oidc: boolean) {
  const state = { secret: 'FirstSecret1', generated: 0 };
  const fetch = stubFetch((url, init) => {
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, {
        user_id: 12,
        username: 'dana',
        email: 'dana@example.com',
        realname: 'Dana Scully',
        comment: 'Onboarded via OIDC provider',
        ...(oidc ? { oidc_user_meta: { id: 3, user_id: 12, subiss: 'sub-dana', secret: state.secret } } : {}),
      });
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { auth_mode: authMode });
    if (url === '/api/v2.0/users/12/cli_secret' && init.method === 'PUT') {
      const { secret } = JSON.parse(String(init.body)) as { secret: string };
      if (secret === '') state.secret = `Generated${++state.generated}Secret`;
      else if (secret === 'Passw0rdButTaken')
        return jsonResponse(400, {
          errors: [{ code: 'BAD_REQUEST', message: 'the secret must differ from the current one' }],
        });
      else state.secret = secret;
      return new Response(null, { status: 200 });
    }
    if (url.startsWith('/api/v2.0/projects')) return jsonResponse(200, [], { 'X-Total-Count': '0' });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: url }] });
  });
  return { fetch, state };
}

async function openMenu() {
  fireEvent.click(await screen.findByRole('button', { name: 'User menu for dana' }));
}

async function openProfile() {
  await openMenu();
  fireEvent.click(screen.getByRole('menuitem', { name: 'User Profile' }));
  return screen.getByRole('dialog', { name: 'User Profile' });
}

const secretPuts = (fetch: ReturnType<typeof fakeCore>['fetch']) =>
  fetch.mock.calls
    .filter(([url, init]) => url === '/api/v2.0/users/12/cli_secret' && init?.method === 'PUT')
    .map(([, init]) => JSON.parse(String(init?.body)) as { secret: string });

describe('user profile', () => {
  it('shows who the user is, and no CLI secret for a database user', async () => {
    fakeCore('db_auth', false);
    renderRoutes(routes, '/harbor/projects');
    const dialog = await openProfile();
    expect(within(dialog).getByText('dana@example.com')).toBeTruthy();
    expect(within(dialog).getByText('Dana Scully')).toBeTruthy();
    expect(within(dialog).queryByLabelText('CLI secret')).toBeNull();
  });

  it('hides the CLI secret until asked, and generates a new one', async () => {
    const { fetch } = fakeCore('oidc_auth', true);
    renderRoutes(routes, '/harbor/projects');
    const dialog = await openProfile();
    const field = within(dialog).getByLabelText('CLI secret') as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(field.value).toBe('FirstSecret1');
    expect(within(dialog).getByRole('button', { name: 'Copy secret' })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Show secret' }));
    expect(field.type).toBe('text');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Hide secret' }));
    expect(field.type).toBe('password');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate secret' }));
    expect(await within(dialog).findByText(/Your CLI secret has been changed/)).toBeTruthy();
    await waitFor(() => expect(field.value).toBe('Generated1Secret'));
    expect(secretPuts(fetch)).toEqual([{ secret: '' }]);
  });

  it('sets a secret of the user’s own: the policy first, then core’s refusal, then success', async () => {
    const { fetch } = fakeCore('oidc_auth', true);
    renderRoutes(routes, '/harbor/projects');
    const dialog = await openProfile();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Upload your own secret' }));
    const type = (label: string, value: string) =>
      fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });

    type('New secret', 'weak');
    type('Confirm secret', 'weak');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save secret' }));
    expect(within(dialog).getByLabelText('New secret').getAttribute('aria-invalid')).toBe('true');
    type('New secret', 'Passw0rdButTaken');
    expect(within(dialog).getByText('The secrets do not match.')).toBeTruthy();
    type('Confirm secret', 'Passw0rdButTaken');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save secret' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Could not change the CLI secret: The request is invalid. (the secret must differ from the current one)',
    );

    type('New secret', 'MyOwnSecret42');
    type('Confirm secret', 'MyOwnSecret42');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save secret' }));
    expect(await within(dialog).findByText(/Your CLI secret has been changed/)).toBeTruthy();
    await waitFor(() =>
      expect((within(dialog).getByLabelText('CLI secret') as HTMLInputElement).value).toBe('MyOwnSecret42'),
    );
    expect(secretPuts(fetch)).toEqual([{ secret: 'Passw0rdButTaken' }, { secret: 'MyOwnSecret42' }]);
    expect(within(dialog).queryByLabelText('New secret')).toBeNull();
  });
});

describe('log out in OIDC mode', () => {
  it('is a page load of core’s /c/oidc/logout, and there is no password to change', async () => {
    const { fetch } = fakeCore('oidc_auth', true);
    renderRoutes(routes, '/harbor/projects');
    await openMenu();
    // The menu item becomes a link once /systeminfo says the mode.
    await waitFor(() => expect(screen.getByRole('menuitem', { name: 'Log out' }).tagName).toBe('A'));
    expect(screen.getByRole('menuitem', { name: 'Log out' }).getAttribute('href')).toBe('/c/oidc/logout');
    expect(screen.queryByRole('menuitem', { name: 'Change Password' })).toBeNull();
    expect(fetch.mock.calls.some(([url]) => url === '/c/log_out')).toBe(false);
  });

  it('stays the API sign-out in database mode', async () => {
    fakeCore('db_auth', false);
    renderRoutes(routes, '/harbor/projects');
    await openMenu();
    expect((await screen.findByRole('menuitem', { name: 'Log out' })).tagName).toBe('BUTTON');
    expect(screen.getByRole('menuitem', { name: 'Change Password' })).toBeTruthy();
  });
});
