import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const DIGEST = `sha256:${'0123456789ab'.repeat(5)}cdef`;
const BASE = '/api/v2.0/projects/team-a/repositories/tools%252Fcli/artifacts';
const ARTIFACT = `${BASE}/${encodeURIComponent(DIGEST)}`;

const artifact = {
  id: 5,
  type: 'IMAGE',
  digest: DIGEST,
  size: 1536,
  push_time: '2024-05-01T10:00:00Z',
  tags: [{ id: 1, name: 'v1' }],
  labels: [{ id: 8, name: 'release', color: '#0065AB', scope: 'p' }],
  extra_attrs: { os: 'linux', architecture: 'amd64', author: 'dev team' },
  annotations: { 'org.opencontainers.image.title': 'cli' },
};

/** Core for one project, one repository, one artifact; records what the portal sends. */
function fakeArtifactApi() {
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 1, username: 'admin', sysadmin_flag: true });
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { registry_url: 'harbor.example.com' });
    if (url === '/api/v2.0/projects/3')
      return jsonResponse(200, {
        project_id: 3,
        name: 'team-a',
        current_user_role_id: 1,
        metadata: { public: 'false' },
      });
    if (url.startsWith('/api/v2.0/projects?')) return jsonResponse(200, [{ project_id: 4, name: 'team-b' }]);
    if (url.startsWith(`${BASE}?`) && method === 'GET')
      return jsonResponse(200, [artifact], { 'X-Total-Count': '1' });
    if (url.startsWith(`${ARTIFACT}?`)) return jsonResponse(200, artifact);
    if (url === `${ARTIFACT}/additions/build_history`)
      return jsonResponse(200, [
        { created: '2024-05-01T09:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:abc in /' },
        { created: '2024-05-01T09:01:00Z', created_by: '/bin/sh -c #(nop)  CMD ["sh"]', empty_layer: true },
      ]);
    if (url.startsWith('/api/v2.0/labels?'))
      return jsonResponse(
        200,
        url.includes('scope=g') ? [{ id: 7, name: 'stable', color: '#1D5100', scope: 'g' }] : [],
      );
    if (method !== 'GET')
      return new Response(null, { status: url.includes('/tags') || url.includes('from=') ? 201 : 200 });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
  });
}

const sent = (fetch: ReturnType<typeof fakeArtifactApi>, method: string) =>
  fetch.mock.calls
    .filter(([, init]) => init?.method === method)
    .map(([url, init]) => ({ url, body: init?.body }));

describe('artifacts page', () => {
  it('lists type, labels and both pull commands, and links the digest to the detail page', async () => {
    fakeArtifactApi();
    renderRoutes(routes, '/harbor/projects/3/repositories/tools/cli');

    const row = (await screen.findByText('sha256:0123456789ab')).closest('tr')!;
    expect(within(row).getByText('IMAGE')).toBeTruthy();
    expect(within(row).getByText('release')).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Copy pull command for tools/cli:v1' })).toBeTruthy();
    expect(within(row).getByTitle(`docker pull harbor.example.com/team-a/tools/cli@${DIGEST}`)).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'sha256:0123456789ab' }).getAttribute('href')).toBe(
      `/harbor/projects/3/repositories/tools/cli/artifacts/${DIGEST}`,
    );
  });

  it('sorts by push time and filters by tag through the URL and Harbor query parameters', async () => {
    const fetch = fakeArtifactApi();
    const { router } = renderRoutes(routes, '/harbor/projects/3/repositories/tools/cli');

    fireEvent.click(await screen.findByRole('button', { name: 'Sort by Push Time' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=push_time'));
    fireEvent.change(screen.getByLabelText('Filter by tag'), { target: { value: 'v1' } });
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('tag')).toBe('v1'));
    await waitFor(() => {
      const lists = fetch.mock.calls.map(([url]) => String(url)).filter((url) => url.startsWith(`${BASE}?`));
      const last = new URL(lists.at(-1)!, 'http://x').searchParams;
      expect([last.get('sort'), last.get('q'), last.get('with_label')]).toEqual([
        'push_time',
        'tags=~v1',
        'true',
      ]);
    });
  });

  it('adds a tag once the name follows the tag rule', async () => {
    const fetch = fakeArtifactApi();
    renderRoutes(routes, '/harbor/projects/3/repositories/tools/cli');

    fireEvent.click(await screen.findByRole('button', { name: 'Add Tag' }));
    const dialog = screen.getByRole('dialog', { name: 'Add Tag' });
    fireEvent.change(within(dialog).getByLabelText('Tag name'), { target: { value: '-bad' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add Tag' }));
    expect(within(dialog).getByLabelText('Tag name').getAttribute('aria-invalid')).toBe('true');
    expect(sent(fetch, 'POST')).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText('Tag name'), { target: { value: 'v2' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add Tag' }));
    await waitFor(() =>
      expect(sent(fetch, 'POST')).toEqual([{ url: `${ARTIFACT}/tags`, body: '{"name":"v2"}' }]),
    );
  });

  it('removes a tag and a label', async () => {
    const fetch = fakeArtifactApi();
    renderRoutes(routes, '/harbor/projects/3/repositories/tools/cli');

    fireEvent.click(await screen.findByRole('button', { name: 'Remove label release' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove tag v1' }));
    fireEvent.click(
      within(screen.getByRole('dialog', { name: 'Remove tag' })).getByRole('button', { name: 'Delete' }),
    );
    await waitFor(() =>
      expect(sent(fetch, 'DELETE').map((call) => call.url)).toEqual([
        `${ARTIFACT}/labels/8`,
        `${ARTIFACT}/tags/v1`,
      ]),
    );
  });

  it('attaches a global label the artifact does not carry yet', async () => {
    const fetch = fakeArtifactApi();
    renderRoutes(routes, '/harbor/projects/3/repositories/tools/cli');

    fireEvent.click(await screen.findByRole('button', { name: 'Add Label' }));
    const dialog = screen.getByRole('dialog', { name: 'Add Label' });
    expect(await within(dialog).findByRole('option', { name: 'stable (global)' })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add Label' }));
    await waitFor(() =>
      expect(sent(fetch, 'POST')).toEqual([{ url: `${ARTIFACT}/labels`, body: '{"id":7}' }]),
    );
  });

  it('copies by digest to another project and tags the copy', async () => {
    const fetch = fakeArtifactApi();
    renderRoutes(routes, '/harbor/projects/3/repositories/tools/cli');

    fireEvent.click(await screen.findByRole('button', { name: 'Copy…' }));
    const dialog = screen.getByRole('dialog', { name: 'Copy Artifact' });
    fireEvent.change(within(dialog).getByLabelText('Target project'), { target: { value: 'team-b' } });
    fireEvent.change(within(dialog).getByLabelText('Target repository'), { target: { value: 'Cli' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy…' }));
    expect(within(dialog).getByLabelText('Target repository').getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(within(dialog).getByLabelText('Target repository'), { target: { value: 'cli' } });
    fireEvent.change(within(dialog).getByLabelText('Tag (optional)'), { target: { value: 'copied' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy…' }));
    expect(await screen.findByText('Copied to team-b/cli.')).toBeTruthy();
    const from = encodeURIComponent(`team-a/tools/cli@${DIGEST}`);
    expect(sent(fetch, 'POST').map((call) => call.url)).toEqual([
      `/api/v2.0/projects/team-b/repositories/cli/artifacts?from=${from}`,
      `/api/v2.0/projects/team-b/repositories/cli/artifacts/${encodeURIComponent(DIGEST)}/tags`,
    ]);
  });

  it('deletes an artifact only after confirmation', async () => {
    const fetch = fakeArtifactApi();
    renderRoutes(routes, '/harbor/projects/3/repositories/tools/cli');

    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete Artifact' });
    expect(within(dialog).getByText(/tools\/cli@sha256:0123456789ab/)).toBeTruthy();
    expect(sent(fetch, 'DELETE')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(sent(fetch, 'DELETE').map((call) => call.url)).toEqual([ARTIFACT]));
  });
});

describe('artifact detail page', () => {
  it('shows the overview, annotations, pull commands and the build history from a deep link', async () => {
    fakeArtifactApi();
    renderRoutes(routes, `/harbor/projects/3/repositories/tools/cli/artifacts/${DIGEST}`);

    expect(await screen.findByText('linux/amd64')).toBeTruthy();
    expect(screen.getByText('dev team')).toBeTruthy();
    expect(screen.getByText('org.opencontainers.image.title')).toBeTruthy();
    expect(screen.getByText(`docker pull harbor.example.com/team-a/tools/cli:v1`)).toBeTruthy();
    const history = await screen.findByRole('table', { name: 'Build History' });
    expect(within(history).getByText('/bin/sh -c #(nop) ADD file:abc in /')).toBeTruthy();
    expect(within(history).getByText('no layer')).toBeTruthy();
    expect(screen.getByText('Layers: 1')).toBeTruthy();
  });
});
