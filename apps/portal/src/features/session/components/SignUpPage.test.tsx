import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

function fakeCore(selfRegistration: boolean) {
  return stubFetch((url, init) => {
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { self_registration: selfRegistration });
    if (url === '/api/v2.0/users' && init.method === 'POST') return new Response(null, { status: 201 });
    if (url === '/api/v2.0/users/current') return new Response(null, { status: 401 });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: url }] });
  });
}

const field = (name: string) => screen.getByLabelText(name, { exact: true });

describe('sign-up', () => {
  it('is linked from the sign-in page only when self-registration is on', async () => {
    fakeCore(true);
    renderRoutes(routes, '/account/sign-in');
    fireEvent.click(await screen.findByRole('link', { name: 'Sign up for an account' }));
    expect(await screen.findByRole('heading', { name: 'Create an account' })).toBeTruthy();
  });

  it('says registration is closed when it is off', async () => {
    fakeCore(false);
    renderRoutes(routes, '/account/sign-up');
    expect(await screen.findByText(/Self-registration is not enabled/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign up' })).toBeNull();
  });

  it('checks the password policy, creates the user and offers to sign in with it', async () => {
    const fetch = fakeCore(true);
    renderRoutes(routes, '/account/sign-up');

    await screen.findByRole('button', { name: 'Sign up' });
    fireEvent.change(field('Username'), { target: { value: 'newbie' } });
    fireEvent.change(field('Email'), { target: { value: 'newbie@example.com' } });
    fireEvent.change(field('Full name'), { target: { value: 'New Bie' } });
    fireEvent.change(field('Password'), { target: { value: 'weakpass' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(field('Password').getAttribute('aria-invalid')).toBe('true');
    expect(fetch.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);

    fireEvent.change(field('Password'), { target: { value: 'Str0ngPass' } });
    fireEvent.change(field('Confirm password'), { target: { value: 'Str0ngPass' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }));

    const notice = await screen.findByRole('status');
    expect(within(notice).getByText('Account newbie created. Sign in with it.')).toBeTruthy();
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('newbie');
    const post = fetch.mock.calls.find(([, init]) => init?.method === 'POST');
    await waitFor(() =>
      expect(JSON.parse(String(post?.[1]?.body))).toEqual({
        username: 'newbie',
        email: 'newbie@example.com',
        realname: 'New Bie',
        password: 'Str0ngPass',
      }),
    );
  });
});
