import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';
import { SignInPage } from './SignInPage';

const routes = [
  { path: '/account/sign-in', element: <SignInPage /> },
  { path: '/harbor/projects', element: <h1>projects page</h1> },
  { path: '/harbor/projects/7/repositories', element: <h1>repositories page</h1> },
];

function fillIn(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
}

const submitButton = () => screen.getByRole<HTMLButtonElement>('button', { name: /log/i });

describe('SignInPage', () => {
  it('keeps submit disabled until both fields are filled', () => {
    renderRoutes(routes, '/account/sign-in');
    expect(submitButton().disabled).toBe(true);
    fillIn('admin', '');
    expect(submitButton().disabled).toBe(true);
    fillIn('  ', 'secret');
    expect(submitButton().disabled).toBe(true);
    fillIn('admin', 'secret');
    expect(submitButton().disabled).toBe(false);
  });

  it('posts the form body to /c/login and goes to the projects page on 200', async () => {
    // The page first checks for an existing session (401: none), then posts the form.
    const fetch = stubFetch((url) =>
      url === '/api/v2.0/users/current'
        ? new Response(null, { status: 401 })
        : new Response(null, { status: 200 }),
    );
    renderRoutes(routes, '/account/sign-in');

    fillIn('admin', 'Harbor 12345&=');
    fireEvent.click(submitButton());

    expect(await screen.findByRole('heading', { name: 'projects page' })).toBeTruthy();
    const logins = fetch.mock.calls.filter(([url]) => url === '/c/login');
    expect(logins).toHaveLength(1);
    const [url, init] = logins[0] ?? [];
    expect(url).toBe('/c/login');
    expect(init?.method).toBe('POST');
    expect(init?.credentials).toBe('include');
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/x-www-form-urlencoded');
    expect(init?.body).toBe('principal=admin&password=Harbor+12345%26%3D');
    expect(Object.fromEntries(new URLSearchParams(String(init?.body)))).toEqual({
      principal: 'admin',
      password: 'Harbor 12345&=',
    });
  });

  it('shows the loading state while the request is in flight', async () => {
    let answer: (response: Response) => void = () => {};
    stubFetch(() => new Promise<Response>((resolve) => (answer = resolve)));
    renderRoutes(routes, '/account/sign-in');

    fillIn('admin', 'secret');
    fireEvent.click(submitButton());

    await waitFor(() => expect(submitButton().textContent).toContain('Logging in…'));
    expect(submitButton().disabled).toBe(true);
    answer(new Response(null, { status: 200 }));
    expect(await screen.findByRole('heading', { name: 'projects page' })).toBeTruthy();
  });

  it('shows one neutral message on 401 and stays on the page', async () => {
    stubFetch(() => new Response('Unauthorized', { status: 401 }));
    renderRoutes(routes, '/account/sign-in');

    fillIn('nobody', 'wrong');
    fireEvent.click(submitButton());

    expect((await screen.findByRole('alert')).textContent).toBe('Invalid user name or password');
    expect(screen.queryByRole('heading', { name: 'projects page' })).toBeNull();
    // Correcting the input clears the stale message.
    fillIn('nobody', 'wrong2');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('returns to a deep link given in redirect_url', async () => {
    stubFetch(() => new Response(null, { status: 200 }));
    const target = encodeURIComponent('/harbor/projects/7/repositories');
    renderRoutes(routes, `/account/sign-in?redirect_url=${target}`);

    fillIn('admin', 'secret');
    fireEvent.click(submitButton());

    expect(await screen.findByRole('heading', { name: 'repositories page' })).toBeTruthy();
  });

  it('ignores redirect_url pointing off-site', async () => {
    stubFetch(() => new Response(null, { status: 200 }));
    renderRoutes(routes, `/account/sign-in?redirect_url=${encodeURIComponent('https://evil.example')}`);

    fillIn('admin', 'secret');
    fireEvent.click(submitButton());

    expect(await screen.findByRole('heading', { name: 'projects page' })).toBeTruthy();
  });

  it('explains other failures in the user language', async () => {
    stubFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    renderRoutes(routes, '/account/sign-in');

    fillIn('admin', 'secret');
    fireEvent.click(submitButton());

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Sign-in failed: The server cannot be reached. Check your connection.',
    );
  });

  it('forwards someone already signed in to the page they asked for', async () => {
    stubFetch((url) =>
      url === '/api/v2.0/users/current'
        ? new Response(JSON.stringify({ user_id: 1, username: 'admin' }), {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          })
        : new Response(null, { status: 404 }),
    );
    renderRoutes(routes, `/account/sign-in?redirect_url=${encodeURIComponent('/harbor/projects')}`);

    expect(await screen.findByRole('heading', { name: 'projects page' })).toBeTruthy();
  });

  describe('in OIDC mode', () => {
    const oidcCore = (providerName?: string) =>
      stubFetch((url) => {
        if (url === '/api/v2.0/systeminfo')
          return jsonResponse(200, {
            auth_mode: 'oidc_auth',
            ...(providerName === undefined ? {} : { oidc_provider_name: providerName }),
          });
        if (url === '/api/v2.0/users/current')
          return jsonResponse(401, { errors: [{ code: 'UNAUTHORIZED', message: 'unauthorized' }] });
        return new Response(null, { status: 200 });
      });

    it('offers the provider first, going to core’s login with the page the user wanted', async () => {
      oidcCore('Keycloak');
      const target = encodeURIComponent('/harbor/projects/7/repositories');
      renderRoutes(routes, `/account/sign-in?redirect_url=${target}`);
      const link = await screen.findByRole('link', { name: 'Sign in via Keycloak' });
      expect(link.getAttribute('href')).toBe(
        `/c/oidc/login?redirect_url=${encodeURIComponent('/harbor/projects/7/repositories')}`,
      );
      // The local form is one click away, for the local admin.
      expect(screen.queryByLabelText('Username')).toBeNull();
      const local = screen.getByRole('button', { name: 'Sign in with local database' });
      expect(local.getAttribute('aria-expanded')).toBe('false');
      fireEvent.click(local);
      expect(local.getAttribute('aria-expanded')).toBe('true');
      fillIn('admin', 'secret');
      fireEvent.click(submitButton());
      expect(await screen.findByRole('heading', { name: 'repositories page' })).toBeTruthy();
    });

    it('names the provider generically when it has no name, and never sends the user off-site', async () => {
      oidcCore('');
      renderRoutes(routes, `/account/sign-in?redirect_url=${encodeURIComponent('https://evil.example')}`);
      const link = await screen.findByRole('link', { name: 'Sign in via OIDC provider' });
      expect(link.getAttribute('href')).toBe(
        `/c/oidc/login?redirect_url=${encodeURIComponent('/harbor/projects')}`,
      );
    });
  });
});
