import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

function fakeApi(allowlist: object) {
  return stubFetch((url, init) => {
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 1, username: 'admin', sysadmin_flag: true });
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { registry_url: 'harbor.example.com' });
    if (url === '/api/v2.0/projects/3' && (init.method ?? 'GET') === 'GET')
      return jsonResponse(200, {
        project_id: 3,
        name: 'team-a',
        current_user_role_id: 1,
        metadata: { public: 'false', auto_scan: 'true' },
        cve_allowlist: allowlist,
      });
    if (init.method === 'PUT') return new Response(null, { status: 200 });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
  });
}

describe('project configuration', () => {
  it('saves scan on push, SBOM on push, vulnerability prevention and a project CVE allowlist', async () => {
    const fetch = fakeApi({ project_id: 3, items: [] });
    renderRoutes(routes, '/harbor/projects/3/configuration');
    expect(
      ((await screen.findByRole('switch', { name: 'Automatically scan images on push' })) as HTMLInputElement)
        .checked,
    ).toBe(true);
    fireEvent.click(screen.getByRole('switch', { name: 'Automatically generate SBOM on push' }));
    fireEvent.click(screen.getByRole('switch', { name: 'Prevent vulnerable images from running' }));
    fireEvent.change(screen.getByLabelText('Prevent images with vulnerability severity of this or higher'), {
      target: { value: 'high' },
    });
    fireEvent.click(screen.getByRole('radio', { name: 'Project allowlist' }));
    fireEvent.change(screen.getByLabelText('CVE ids, one per line'), {
      target: { value: 'CVE-2024-0727\nCVE-2023-45853' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT');
      expect(JSON.parse(String(put?.[1]?.body))).toEqual({
        metadata: {
          public: 'false',
          auto_scan: 'true',
          auto_sbom_generation: 'true',
          prevent_vul: 'true',
          severity: 'high',
          reuse_sys_cve_allowlist: 'false',
        },
        cve_allowlist: { items: [{ cve_id: 'CVE-2024-0727' }, { cve_id: 'CVE-2023-45853' }] },
      });
    });
    expect(await screen.findByText('Configuration saved.')).toBeTruthy();
  });

  it('says when the project allowlist has expired', async () => {
    fakeApi({ project_id: 3, items: [{ cve_id: 'CVE-1' }], expires_at: 1_000_000 });
    renderRoutes(routes, '/harbor/projects/3/configuration');
    fireEvent.click(await screen.findByRole('radio', { name: 'Project allowlist' }));
    expect(await screen.findByText('This allowlist has expired and is ignored.')).toBeTruthy();
  });
});
