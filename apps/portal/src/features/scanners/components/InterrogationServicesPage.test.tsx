import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const trivy = {
  uuid: 'u1',
  name: 'Trivy',
  url: 'http://127.0.0.1:9111',
  is_default: true,
  auth: '',
  description: 'bundled',
};

function fakeApi(schedule: unknown = undefined) {
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 1, username: 'admin', sysadmin_flag: true });
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { registry_url: 'harbor.example.com' });
    if (url.startsWith('/api/v2.0/scanners?')) return jsonResponse(200, [trivy], { 'X-Total-Count': '1' });
    if (url === '/api/v2.0/scans/all/metrics')
      return jsonResponse(200, {
        total: 10,
        completed: 7,
        ongoing: true,
        metrics: { Success: 7, Running: 3 },
      });
    if (url === '/api/v2.0/system/scanAll/schedule' && method === 'GET')
      return schedule === undefined ? new Response(null, { status: 200 }) : jsonResponse(200, schedule);
    if (url === '/api/v2.0/system/scanAll/schedule' && method === 'PUT')
      return new Response(null, { status: 200 });
    if (url === '/api/v2.0/scanners/ping')
      return jsonResponse(400, {
        errors: [{ code: 'BAD_REQUEST', message: 'failed to reach the scanner at http://down' }],
      });
    if (method === 'POST') return new Response(null, { status: 201 });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
  });
}

describe('Interrogation Services', () => {
  it('lists the scanners with the default one, and scan all’s progress', async () => {
    fakeApi();
    renderRoutes(routes, '/harbor/interrogation-services');
    const row = (await screen.findByText('Trivy')).closest('tr')!;
    expect(within(row).getByText('Default')).toBeTruthy();
    expect(within(row).queryByRole('button', { name: 'Set as default' })).toBeNull();
    expect(await screen.findByText('Last scan all: 7 of 10 scans finished.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Scan now' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('tests a new scanner’s connection and says why it failed, then adds it', async () => {
    const fetch = fakeApi();
    renderRoutes(routes, '/harbor/interrogation-services');
    fireEvent.click(await screen.findByRole('button', { name: 'New scanner' }));
    const dialog = screen.getByRole('dialog', { name: 'New scanner' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'other' } });
    fireEvent.change(within(dialog).getByLabelText('Endpoint'), { target: { value: 'http://down' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Test connection' }));
    expect(await within(dialog).findByText(/failed to reach the scanner at http:\/\/down/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    await waitFor(() => {
      const posts = fetch.mock.calls.filter(
        ([url, init]) => url === '/api/v2.0/scanners' && init?.method === 'POST',
      );
      expect(JSON.parse(String(posts[0]?.[1]?.body))).toMatchObject({ name: 'other', url: 'http://down' });
    });
  });

  it('schedules scan all daily when none is saved (POST), with Harbor’s cron', async () => {
    const fetch = fakeApi();
    renderRoutes(routes, '/harbor/interrogation-services');
    const form = await screen.findByRole('form', { name: 'Scan all schedule' });
    expect((within(form).getByLabelText('Schedule') as HTMLSelectElement).value).toBe('None');
    fireEvent.change(within(form).getByLabelText('Schedule'), { target: { value: 'Daily' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save schedule' }));
    expect(await within(form).findByText('Schedule saved.')).toBeTruthy();
    const posts = fetch.mock.calls.filter(
      ([url, init]) => url === '/api/v2.0/system/scanAll/schedule' && init?.method === 'POST',
    );
    expect(JSON.parse(String(posts[0]?.[1]?.body))).toEqual({
      schedule: { type: 'Daily', cron: '0 0 0 * * *' },
    });
  });

  it('shows the saved schedule with its next run and changes it to a custom cron (PUT)', async () => {
    const fetch = fakeApi({
      schedule: { type: 'Weekly', cron: '0 0 0 * * 0', next_scheduled_time: '2030-01-06T00:00:00Z' },
    });
    renderRoutes(routes, '/harbor/interrogation-services');
    const form = await screen.findByRole('form', { name: 'Scan all schedule' });
    expect((within(form).getByLabelText('Schedule') as HTMLSelectElement).value).toBe('Weekly');
    expect(within(form).getByText(/Next scheduled run:/)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Schedule'), { target: { value: 'Custom' } });
    fireEvent.change(within(form).getByLabelText('Cron'), { target: { value: '0 30 2 * * *' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save schedule' }));
    await waitFor(() => {
      const puts = fetch.mock.calls.filter(
        ([url, init]) => url === '/api/v2.0/system/scanAll/schedule' && init?.method === 'PUT',
      );
      expect(JSON.parse(String(puts[0]?.[1]?.body))).toEqual({
        schedule: { type: 'Custom', cron: '0 30 2 * * *' },
      });
    });
  });
});
