import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LOCALE_STORAGE_KEY } from '../i18n/locales';
import { ApiError } from '../lib/api-error';
import { jsonResponse, renderRoutes, stubFetch } from '../test/render';
import { routes } from './router';

/** A fake Harbor: answers the endpoints the shell uses; `signedIn` flips on login / log out. */
function fakeHarbor(signedIn: boolean) {
  const state = { signedIn };
  const fetch = stubFetch((url) => {
    if (url === '/api/v2.0/users/current') {
      return state.signedIn
        ? jsonResponse(200, { user_id: 1, username: 'alice' })
        : jsonResponse(401, { errors: [{ code: 'UNAUTHORIZED', message: 'unauthorized' }] });
    }
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { harbor_version: 'v2.0.0-ts' });
    if (url.startsWith('/api/v2.0/projects?')) {
      const project = {
        project_id: 3,
        name: 'team-a',
        repo_count: 2,
        current_user_role_id: 1,
        metadata: { public: 'false' },
      };
      return jsonResponse(200, [project], { 'X-Total-Count': '1' });
    }
    if (url === '/c/log_out') {
      state.signedIn = false;
      return new Response(null, { status: 200 });
    }
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: url }] });
  });
  return { fetch, state };
}

describe('routing and the authenticated shell', () => {
  it('sends an anonymous visitor from / to the sign-in page', async () => {
    fakeHarbor(false);
    const { router } = renderRoutes(routes, '/');

    expect(await screen.findByRole('heading', { name: 'Sign in to harbor-ts' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/account/sign-in');
    expect(router.state.location.search).toBe('');
  });

  it('keeps a deep link as redirect_url when the session is missing', async () => {
    fakeHarbor(false);
    const { router } = renderRoutes(routes, '/harbor/projects/7/repositories');

    await screen.findByRole('heading', { name: 'Sign in to harbor-ts' });
    expect(router.state.location.search).toBe(
      `?redirect_url=${encodeURIComponent('/harbor/projects/7/repositories')}`,
    );
  });

  it('lists projects with access level and repository count from the one list request', async () => {
    const { fetch } = fakeHarbor(true);
    renderRoutes(routes, '/harbor/projects');

    expect(await screen.findByRole('heading', { name: 'Projects' })).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'team-a' })).toBeTruthy();
    expect(screen.getByText('Private')).toBeTruthy();
    expect(screen.getByText('Project Admin')).toBeTruthy();
    expect(screen.getByText('1 - 1 of 1 items')).toBeTruthy();
    // No request per row (Harbor's list has no storage column; storage is on the project's Summary).
    const urls = fetch.mock.calls.map(([url]) => String(url));
    expect(urls.filter((url) => url.includes('/summary'))).toEqual([]);
    expect(await screen.findByRole('button', { name: 'User menu for alice' })).toBeTruthy();
    // harbor-ts, not Harbor: the header names this product, not the one whose API it speaks.
    expect(within(screen.getByRole('banner')).getByRole('link', { name: /harbor-ts/ })).toBeTruthy();
  });

  it('hides administration from non-admins and answers its URLs with the 403 page', async () => {
    fakeHarbor(true);
    renderRoutes(routes, '/harbor/users');

    expect(await screen.findByTestId('forbidden')).toBeTruthy();
    expect(screen.queryByText('Administration')).toBeNull();
  });

  it('shows the Harbor version in the About dialog', async () => {
    fakeHarbor(true);
    renderRoutes(routes, '/harbor/projects');

    fireEvent.click(await screen.findByRole('button', { name: 'User menu for alice' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'About' }));

    expect(await screen.findByText('v2.0.0-ts')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'About harbor-ts' })).toBeTruthy();
  });

  it('logs out through /c/log_out and returns to sign-in', async () => {
    const { fetch } = fakeHarbor(true);
    const { router } = renderRoutes(routes, '/harbor/projects');

    fireEvent.click(await screen.findByRole('button', { name: 'User menu for alice' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Log out' }));

    await screen.findByRole('heading', { name: 'Sign in to harbor-ts' });
    expect(router.state.location.pathname).toBe('/account/sign-in');
    expect(
      fetch.mock.calls.some(([url, init]) => url === '/c/log_out' && (init?.method ?? 'GET') === 'GET'),
    ).toBe(true);
  });

  it('goes to sign-in when another request finds the session expired', async () => {
    const { state } = fakeHarbor(true);
    const { router, queryClient } = renderRoutes(routes, '/harbor/projects');
    await screen.findByRole('heading', { name: 'Projects' });

    state.signedIn = false;
    const expired = () => Promise.reject(new ApiError(401, 'UNAUTHORIZED', 'unauthorized'));
    await queryClient.fetchQuery({ queryKey: ['projects', 'list'], queryFn: expired }).catch(() => undefined);

    await screen.findByRole('heading', { name: 'Sign in to harbor-ts' });
    expect(router.state.location.pathname).toBe('/account/sign-in');
  });

  it('switches language and remembers the choice', async () => {
    fakeHarbor(false);
    renderRoutes(routes, '/account/sign-in');

    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'zh-CN' } });

    expect(await screen.findByRole('heading', { name: '登录 harbor-ts' })).toBeTruthy();
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN');
    await waitFor(() => expect(document.documentElement.lang).toBe('zh-CN'));
  });
});
