import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

/** Core after a first OIDC sign-in: the onboarding answers `answer` for any name but `taken`. */
function fakeCore(answer: () => Response = () => new Response(null, { status: 200 })) {
  const state = { signedIn: false };
  const fetch = stubFetch((url, init) => {
    if (url === '/c/oidc/onboard' && init.method === 'POST') {
      const { username } = JSON.parse(String(init.body)) as { username: string };
      if (username === 'taken')
        return jsonResponse(409, {
          errors: [
            {
              code: 'CONFLICT',
              message: 'Conflict, the user with same username or email has been onboarded.',
            },
          ],
        });
      const response = answer();
      if (response.ok) state.signedIn = true;
      return response;
    }
    if (url === '/api/v2.0/users/current')
      return state.signedIn
        ? jsonResponse(200, { user_id: 5, username: 'dana-ts' })
        : jsonResponse(401, { errors: [{ code: 'UNAUTHORIZED', message: 'unauthorized' }] });
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { auth_mode: 'oidc_auth' });
    if (url.startsWith('/api/v2.0/projects')) return jsonResponse(200, [], { 'X-Total-Count': '0' });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: url }] });
  });
  return fetch;
}

const onboardCalls = (fetch: ReturnType<typeof fakeCore>) =>
  fetch.mock.calls.filter(([url]) => url === '/c/oidc/onboard');

describe('/oidc-onboard', () => {
  it('prefills the suggested username, posts the chosen one and continues to redirect_url', async () => {
    const fetch = fakeCore();
    const target = encodeURIComponent('/harbor/projects/7/members');
    const { router } = renderRoutes(routes, `/oidc-onboard?username=dana&redirect_url=${target}`);
    expect(await screen.findByRole('heading', { name: 'Choose a username' })).toBeTruthy();
    const username = screen.getByLabelText('Username') as HTMLInputElement;
    expect(username.value).toBe('dana');
    fireEvent.change(username, { target: { value: ' dana-ts ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/harbor/projects/7/members'));
    const [call] = onboardCalls(fetch);
    expect(new Headers(call?.[1]?.headers).get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(call?.[1]?.body))).toEqual({ username: 'dana-ts' });
  });

  it('goes to the landing page when redirect_url is missing or points off-site', async () => {
    fakeCore();
    const { router } = renderRoutes(
      routes,
      `/oidc-onboard?username=dana&redirect_url=${encodeURIComponent('//evil.example/x')}`,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/harbor/projects'));
  });

  it('checks the name before posting, then shows core’s refusal with a way to sign in again', async () => {
    const fetch = fakeCore();
    renderRoutes(
      routes,
      `/oidc-onboard?username=${encodeURIComponent('da#na')}&redirect_url=%2Fharbor%2Flogs`,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Continue' }));
    expect(screen.getByText(/none of , " ~ # % \$/)).toBeTruthy();
    expect(onboardCalls(fetch)).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'taken' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'Could not create your account: A user with this username or email already exists.',
    );
    expect(screen.getByRole('link', { name: 'Or sign in at the provider again.' }).getAttribute('href')).toBe(
      `/c/oidc/login?redirect_url=${encodeURIComponent('/harbor/logs')}`,
    );
  });

  it('shows other errors from core in the user’s language', async () => {
    fakeCore(() =>
      jsonResponse(400, {
        errors: [{ code: 'BAD_REQUEST', message: 'Failed to get OIDC user info from session' }],
      }),
    );
    renderRoutes(routes, '/oidc-onboard?username=dana');
    fireEvent.click(await screen.findByRole('button', { name: 'Continue' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The request is invalid. (Failed to get OIDC user info from session)',
    );
  });
});
