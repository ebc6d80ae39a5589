import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const DIGEST = `sha256:${'a1b2c3d4e5f6'.repeat(5)}0000`;
const SIGNATURE = `sha256:${'5151'.repeat(16)}`;
const BASE = '/api/v2.0/projects/team-a/repositories/charts%252Fweb/artifacts';
const ARTIFACT = `${BASE}/${encodeURIComponent(DIGEST)}`;

const chart = {
  id: 11,
  type: 'CHART',
  digest: DIGEST,
  size: 4096,
  push_time: '2024-05-01T10:00:00Z',
  tags: [{ id: 1, name: '0.1.0' }],
  addition_links: {
    'values.yaml': { href: `${ARTIFACT}/additions/values.yaml`, absolute: false },
    'readme.md': { href: `${ARTIFACT}/additions/readme.md`, absolute: false },
  },
  accessories: [
    {
      id: 12,
      artifact_id: 13,
      subject_artifact_digest: DIGEST,
      digest: SIGNATURE,
      type: 'signature.cosign',
      size: 512,
      creation_time: '2024-05-02T10:00:00Z',
    },
  ],
};

/** Core with one Helm chart that carries a cosign signature. */
function fakeChartApi() {
  return stubFetch((url) => {
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 1, username: 'admin', sysadmin_flag: true });
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { registry_url: 'harbor.example.com' });
    if (url === '/api/v2.0/projects/3')
      return jsonResponse(200, { project_id: 3, name: 'team-a', current_user_role_id: 1, metadata: {} });
    if (url.startsWith(`${BASE}?`)) return jsonResponse(200, [chart], { 'X-Total-Count': '1' });
    if (url.startsWith(`${ARTIFACT}?`)) return jsonResponse(200, chart);
    if (url === `${ARTIFACT}/additions/values.yaml`)
      return new Response('replicaCount: 2\n', { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    if (url === `${ARTIFACT}/additions/readme.md`)
      return new Response('# Web chart\n', { headers: { 'Content-Type': 'text/markdown; charset=utf-8' } });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: url }] });
  });
}

describe('artifact accessories and chart files', { timeout: 20_000 }, () => {
  it('asks for accessories and lists them under their artifact', async () => {
    const fetch = fakeChartApi();
    renderRoutes(routes, '/harbor/projects/3/repositories/charts/web');

    const lines = await screen.findByRole('list', { name: 'Accessories' });
    expect(within(lines).getByText('signature.cosign')).toBeTruthy();
    expect(within(lines).getByTitle(SIGNATURE)).toBeTruthy();
    const list = fetch.mock.calls.map(([url]) => String(url)).find((url) => url.startsWith(`${BASE}?`));
    expect(new URL(list!, 'http://x').searchParams.get('with_accessory')).toBe('true');
  });

  it('shows a chart’s accessories, values.yaml and readme.md instead of a build history', async () => {
    const fetch = fakeChartApi();
    renderRoutes(routes, `/harbor/projects/3/repositories/charts/web/artifacts/${DIGEST}`);

    const accessories = await screen.findByRole('table', { name: 'Accessories' });
    expect(within(accessories).getByText('signature.cosign')).toBeTruthy();
    expect(await screen.findByText('replicaCount: 2')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'readme.md' }));
    expect(await screen.findByText('# Web chart')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'readme.md' }).getAttribute('aria-selected')).toBe('true');
    expect(fetch.mock.calls.some(([url]) => String(url).endsWith('/build_history'))).toBe(false);
  });
});
