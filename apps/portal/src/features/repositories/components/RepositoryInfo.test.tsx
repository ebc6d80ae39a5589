import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const REPO_URL = '/api/v2.0/projects/team-a/repositories/tools%252Fcli';

/** A fake core with one repository whose description can be changed; `roleId` is the caller's role. */
function fakeRepositoryApi(roleId: number) {
  let description = '# CLI\nBuilt nightly.';
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 2, username: 'dev', sysadmin_flag: false });
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { registry_url: 'harbor.example.com' });
    if (url === '/api/v2.0/projects/3')
      return jsonResponse(200, {
        project_id: 3,
        name: 'team-a',
        current_user_role_id: roleId,
        current_user_role_ids: [roleId],
        metadata: { public: 'false' },
      });
    if (url === REPO_URL && method === 'PUT') {
      description = (JSON.parse(String(init.body)) as { description: string }).description;
      return new Response(null, { status: 200 });
    }
    if (url === REPO_URL)
      return jsonResponse(200, { id: 7, project_id: 3, name: 'team-a/tools/cli', description });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: url }] });
  });
}

describe('repository info', { timeout: 20_000 }, () => {
  it('shows the description as text and lets a maintainer edit it', async () => {
    const fetch = fakeRepositoryApi(4); // maintainer
    renderRoutes(routes, '/harbor/projects/3/repositories/tools/cli?tab=info');

    expect((await screen.findByText(/Built nightly/)).tagName).toBe('PRE');
    expect(screen.getByRole('link', { name: 'Info' }).getAttribute('aria-current')).toBe('page');
    fireEvent.click(screen.getByRole('button', { name: 'Edit description' }));
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: 'Command-line tools' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Command-line tools')).toBeTruthy();
    const put = fetch.mock.calls.find(([url, init]) => url === REPO_URL && init?.method === 'PUT');
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({ description: 'Command-line tools' });
  });

  it('is read-only below maintainer', async () => {
    fakeRepositoryApi(2); // developer
    renderRoutes(routes, '/harbor/projects/3/repositories/tools/cli?tab=info');
    await screen.findByText(/Built nightly/);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Edit description' })).toBeNull());
  });
});
