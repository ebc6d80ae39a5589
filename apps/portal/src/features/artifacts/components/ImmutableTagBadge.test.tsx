import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const DIGEST = `sha256:${'0123456789ab'.repeat(5)}cdef`;
const BASE = '/api/v2.0/projects/team-a/repositories/app/artifacts';

const artifact = {
  id: 5,
  type: 'IMAGE',
  digest: DIGEST,
  size: 1536,
  push_time: '2024-05-01T10:00:00Z',
  tags: [
    { id: 1, name: 'v1', immutable: true },
    { id: 2, name: 'dev', immutable: false },
  ],
};

function fakeApi() {
  return stubFetch((url) => {
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 1, username: 'admin', sysadmin_flag: true });
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { registry_url: 'harbor.example.com' });
    if (url === '/api/v2.0/projects/3')
      return jsonResponse(200, { project_id: 3, name: 'team-a', current_user_role_id: 1 });
    if (url.startsWith(`${BASE}?`)) return jsonResponse(200, [artifact], { 'X-Total-Count': '1' });
    if (url.startsWith(`${BASE}/${encodeURIComponent(DIGEST)}?`)) return jsonResponse(200, artifact);
    if (url.startsWith('/api/v2.0/labels?')) return jsonResponse(200, []);
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
  });
}

const flagOf = (fetch: ReturnType<typeof fakeApi>, prefix: string) =>
  fetch.mock.calls
    .map(([url]) => String(url))
    .filter((url) => url.startsWith(prefix))
    .map((url) => new URL(url, 'http://x').searchParams.get('with_immutable_status'));

describe('immutable tags in artifact lists', () => {
  it('marks an immutable tag in the list (asking core for the status) and offers no remove for it', async () => {
    const fetch = fakeApi();
    renderRoutes(routes, '/harbor/projects/3/repositories/app');

    const v1 = (await screen.findByText('v1')).closest('.badge') as HTMLElement;
    expect(within(v1).getByText('immutable').getAttribute('title')).toMatch(/immutability rule/);
    expect(within(v1).queryByRole('button')).toBeNull();
    const dev = screen.getByText('dev').closest('.badge') as HTMLElement;
    expect(within(dev).queryByText('immutable')).toBeNull();
    expect(within(dev).getByRole('button', { name: /dev/ })).toBeTruthy();
    expect(flagOf(fetch, `${BASE}?`)).toContain('true');
  });

  it('marks it on the artifact detail page too', async () => {
    const fetch = fakeApi();
    renderRoutes(routes, `/harbor/projects/3/repositories/app/artifacts/${DIGEST}`);

    const v1 = (await screen.findAllByText('v1')).map((node) => node.closest('.badge')).find(Boolean)!;
    expect(within(v1 as HTMLElement).getByText('immutable')).toBeTruthy();
    expect(flagOf(fetch, `${BASE}/`)).toContain('true');
  });
});
