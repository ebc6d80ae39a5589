import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';
import { REPORT_TYPE } from '../scans';

const DIGEST = `sha256:${'0123456789ab'.repeat(5)}cdef`;
const BASE = '/api/v2.0/projects/team-a/repositories/app/artifacts';
const ARTIFACT = `${BASE}/${encodeURIComponent(DIGEST)}`;

const scanned = {
  id: 5,
  type: 'IMAGE',
  digest: DIGEST,
  size: 1536,
  tags: [{ id: 1, name: 'v1' }],
  scan_overview: {
    [REPORT_TYPE]: {
      report_id: 'r1',
      scan_status: 'Success',
      severity: 'High',
      summary: { total: 3, fixable: 2, summary: { High: 1, Low: 2 } },
    },
  },
};
const findings = [
  {
    id: 'CVE-2024-0727',
    package: 'libssl3',
    version: '3.0.11-1~deb12u2',
    fix_version: '3.0.13-1~deb12u1',
    severity: 'High',
    description: 'PKCS12 NULL dereference',
    links: ['https://osv.dev/vulnerability/DEBIAN-CVE-2024-0727'],
  },
  { id: 'CVE-2023-45853', package: 'zlib1g', version: '1:1.2.13.dfsg-1', severity: 'Low', links: [] },
];

function fakeApi(artifact: object = scanned) {
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
    if (url.startsWith(`${BASE}?`)) return jsonResponse(200, [artifact], { 'X-Total-Count': '1' });
    if (url.startsWith(`${ARTIFACT}?`)) return jsonResponse(200, artifact);
    if (url === `${ARTIFACT}/additions/vulnerabilities`)
      return jsonResponse(200, { [REPORT_TYPE]: { vulnerabilities: findings } });
    if (url === `${ARTIFACT}/additions/build_history`) return jsonResponse(200, []);
    if (url.startsWith('/api/v2.0/labels?')) return jsonResponse(200, []);
    if (method === 'POST') return new Response(null, { status: 202 });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
  });
}

describe('scanning in the portal', () => {
  it('shows each artifact’s findings by severity, and scans one on request', async () => {
    const fetch = fakeApi({ ...scanned, scan_overview: undefined });
    renderRoutes(routes, '/harbor/projects/3/repositories/app');
    const row = (await screen.findByText('sha256:0123456789ab')).closest('tr')!;
    expect(within(row).getByText('Not scanned')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Scan' }));
    await waitFor(() =>
      expect(
        fetch.mock.calls.some(([url, init]) => url === `${ARTIFACT}/scan` && init?.method === 'POST'),
      ).toBe(true),
    );
    const lists = fetch.mock.calls.map(([url]) => String(url)).filter((url) => url.startsWith(`${BASE}?`));
    expect(new URL(lists[0]!, 'http://x').searchParams.get('with_scan_overview')).toBe('true');
  });

  it('summarises a finished scan in the list', async () => {
    fakeApi();
    renderRoutes(routes, '/harbor/projects/3/repositories/app');
    const row = (await screen.findByText('sha256:0123456789ab')).closest('tr')!;
    expect(within(row).getByText('High 1 · Low 2')).toBeTruthy();
  });

  it('lists the vulnerabilities on the artifact page, filters them and offers the CSV', async () => {
    fakeApi();
    renderRoutes(routes, `/harbor/projects/3/repositories/app/artifacts/${DIGEST}`);
    const table = await screen.findByRole('table', { name: 'Vulnerabilities' });
    expect(within(table).getByRole('link', { name: 'CVE-2024-0727' }).getAttribute('href')).toBe(
      'https://osv.dev/vulnerability/DEBIAN-CVE-2024-0727',
    );
    expect(within(table).getByText('3.0.13-1~deb12u1')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Filter by CVE, package or severity'), {
      target: { value: 'zlib' },
    });
    await waitFor(() => expect(within(table).queryByText('libssl3')).toBeNull());
    expect(within(table).getByText('zlib1g')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeTruthy();
  });
});
