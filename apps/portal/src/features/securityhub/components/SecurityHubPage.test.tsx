import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const finding = {
  project_id: 3,
  repository_name: 'team-a/app',
  digest: `sha256:${'ab'.repeat(32)}`,
  tags: ['v1'],
  cve_id: 'CVE-2024-0727',
  severity: 'High',
  cvss_v3_score: 7.5,
  package: 'libssl3',
  version: '3.0.11-1~deb12u2',
  fixed_version: '3.0.13-1~deb12u1',
  links: [],
};

describe('Security Hub', () => {
  it('shows the summary and the findings, and searches by CVE id', async () => {
    const fetch = stubFetch((url) => {
      if (url === '/api/v2.0/users/current')
        return jsonResponse(200, { user_id: 1, username: 'admin', sysadmin_flag: true });
      if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { registry_url: 'harbor.example.com' });
      if (url.startsWith('/api/v2.0/security/summary?'))
        return jsonResponse(200, {
          critical_cnt: 0,
          high_cnt: 4,
          medium_cnt: 0,
          low_cnt: 4,
          unknown_cnt: 0,
          total_vuls: 8,
          fixable_cnt: 4,
          scanned_cnt: 4,
          total_artifact: 5,
          dangerous_cves: [
            { cve_id: 'CVE-2024-0727', package: 'openssl', cvss_score_v3: 7.5, severity: 'High' },
          ],
        });
      if (url.startsWith('/api/v2.0/security/vul?'))
        return jsonResponse(200, [finding], { 'X-Total-Count': '1' });
      return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
    });
    renderRoutes(routes, '/harbor/security-hub');
    expect(await screen.findByText('4 of 5 artifacts scanned.')).toBeTruthy();
    expect(screen.getByText(/8 vulnerabilities, 4 fixable: Critical 0 · High 4/)).toBeTruthy();
    expect(await screen.findByText('3.0.13-1~deb12u1')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Exact CVE id'), { target: { value: 'CVE-2024-0727' } });
    await waitFor(() => {
      const urls = fetch.mock.calls
        .map(([url]) => String(url))
        .filter((url) => url.startsWith('/api/v2.0/security/vul?'));
      expect(new URL(urls.at(-1)!, 'http://x').searchParams.get('q')).toBe('cve_id=CVE-2024-0727');
    });
  });
});
