import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

describe('system CVE allowlist', () => {
  it('shows the list, says when it expired, and saves it without an expiry', async () => {
    const fetch = stubFetch((url, init) => {
      if (url === '/api/v2.0/users/current')
        return jsonResponse(200, { user_id: 1, username: 'admin', sysadmin_flag: true });
      if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { registry_url: 'harbor.example.com' });
      if (url === '/api/v2.0/configurations') return jsonResponse(200, {});
      if (url === '/api/v2.0/system/CVEAllowlist' && (init.method ?? 'GET') === 'GET')
        return jsonResponse(200, {
          id: 1,
          project_id: 0,
          items: [{ cve_id: 'CVE-2024-0727' }],
          expires_at: 1_000_000,
        });
      if (init.method === 'PUT') return new Response(null, { status: 200 });
      return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
    });
    renderRoutes(routes, '/harbor/configs');
    expect(((await screen.findByLabelText('CVE ids, one per line')) as HTMLTextAreaElement).value).toBe(
      'CVE-2024-0727',
    );
    expect(screen.getByText('This allowlist has expired and is ignored.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('CVE ids, one per line'), {
      target: { value: 'CVE-2024-0727, CVE-2023-45853' },
    });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Never expires' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save allowlist' }));
    await waitFor(() => {
      const put = fetch.mock.calls.find(
        ([url, init]) => url === '/api/v2.0/system/CVEAllowlist' && init?.method === 'PUT',
      );
      expect(JSON.parse(String(put?.[1]?.body))).toEqual({
        items: [{ cve_id: 'CVE-2024-0727' }, { cve_id: 'CVE-2023-45853' }],
      });
    });
  });
});
