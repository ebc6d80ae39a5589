import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const DIGEST = `sha256:${'0123456789ab'.repeat(5)}cdef`;
const SBOM_DIGEST = `sha256:${'fedcba987654'.repeat(5)}3210`;
const BASE = '/api/v2.0/projects/team-a/repositories/app/artifacts';
const ARTIFACT = `${BASE}/${encodeURIComponent(DIGEST)}`;

const withSbom = {
  id: 5,
  type: 'IMAGE',
  digest: DIGEST,
  size: 1536,
  tags: [{ id: 1, name: 'v1' }],
  sbom_overview: {
    report_id: 'r1',
    scan_status: 'Success',
    sbom_digest: SBOM_DIGEST,
    start_time: '2026-01-01T00:00:00Z',
    end_time: '2026-01-01T00:00:02Z',
    duration: 2,
  },
};
const spdx = {
  spdxVersion: 'SPDX-2.3',
  packages: [
    { SPDXID: 'SPDXRef-ContainerImage-1', name: 'team-a/app', primaryPackagePurpose: 'CONTAINER' },
    { SPDXID: 'SPDXRef-OperatingSystem-1', name: 'debian', primaryPackagePurpose: 'OPERATING-SYSTEM' },
    {
      SPDXID: 'SPDXRef-Package-2',
      name: 'zlib1g',
      versionInfo: '1:1.2.13.dfsg-1',
      licenseDeclared: 'NOASSERTION',
      primaryPackagePurpose: 'LIBRARY',
    },
    {
      SPDXID: 'SPDXRef-Package-1',
      name: 'libssl3',
      versionInfo: '3.0.11-1~deb12u2',
      licenseDeclared: 'Apache-2.0',
      primaryPackagePurpose: 'LIBRARY',
      externalRefs: [
        {
          referenceCategory: 'PACKAGE-MANAGER',
          referenceType: 'purl',
          referenceLocator: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12',
        },
      ],
    },
  ],
};

function fakeApi(artifact: object = withSbom) {
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
    if (url === `${BASE}/${encodeURIComponent(SBOM_DIGEST)}/additions/sbom`)
      // Harbor answers with the accessory's media type, not application/json.
      return new Response(JSON.stringify(spdx), {
        status: 200,
        headers: { 'content-type': 'application/vnd.goharbor.harbor.sbom.v1' },
      });
    if (url.startsWith(`${ARTIFACT}/additions/`)) return jsonResponse(200, []);
    if (url.startsWith('/api/v2.0/labels?')) return jsonResponse(200, []);
    if (method === 'POST') return new Response(null, { status: 202 });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
  });
}

describe('SBOMs in the portal', () => {
  it('shows each artifact’s SBOM status and generates one on request', async () => {
    const fetch = fakeApi({ ...withSbom, sbom_overview: undefined });
    renderRoutes(routes, '/harbor/projects/3/repositories/app');
    const row = (await screen.findByText('sha256:0123456789ab')).closest('tr')!;
    expect(within(row).getByText('No SBOM')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Generate SBOM' }));
    await waitFor(() => {
      const post = fetch.mock.calls.find(
        ([url, init]) => url === `${ARTIFACT}/scan` && init?.method === 'POST',
      );
      expect(JSON.parse(String(post?.[1]?.body))).toEqual({ scan_type: 'sbom' });
    });
    const lists = fetch.mock.calls.map(([url]) => String(url)).filter((url) => url.startsWith(`${BASE}?`));
    expect(new URL(lists[0]!, 'http://x').searchParams.get('with_sbom_overview')).toBe('true');
  });

  it('offers to stop a running generation', async () => {
    const fetch = fakeApi({ ...withSbom, sbom_overview: { report_id: 'r2', scan_status: 'Running' } });
    renderRoutes(routes, '/harbor/projects/3/repositories/app');
    const row = (await screen.findByText('sha256:0123456789ab')).closest('tr')!;
    expect(within(row).getByText('Generating…')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Stop SBOM' }));
    await waitFor(() => {
      const post = fetch.mock.calls.find(
        ([url, init]) => url === `${ARTIFACT}/scan/stop` && init?.method === 'POST',
      );
      expect(JSON.parse(String(post?.[1]?.body))).toEqual({ scan_type: 'sbom' });
    });
  });

  it('lists the SBOM’s packages on the artifact page and offers the SPDX JSON', async () => {
    fakeApi();
    renderRoutes(routes, `/harbor/projects/3/repositories/app/artifacts/${DIGEST}`);
    const table = await screen.findByRole('table', { name: 'SBOM' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      );
    expect(rows).toEqual([
      [
        'libssl3',
        '3.0.11-1~deb12u2',
        'Apache-2.0',
        'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12',
      ],
      ['zlib1g', '1:1.2.13.dfsg-1', '—', '—'],
    ]);
    expect(screen.getByText('2 packages')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download SPDX JSON' })).toBeTruthy();
  });
});
