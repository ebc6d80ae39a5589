import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import type { Schemas } from '../../../lib/api-types';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const admin = { user_id: 1, username: 'admin', sysadmin_flag: true } satisfies Schemas['UserResp'];

const finishedGc = {
  id: 7,
  job_name: 'GARBAGE_COLLECTION',
  job_kind: 'MANUAL',
  schedule: { type: 'Manual', cron: '' },
  job_status: 'Success',
  job_parameters: JSON.stringify({
    delete_untagged: true,
    dry_run: false,
    workers: 2,
    time_window: 2,
    freed_space: 1536 * 1024,
    purged_blobs: 3,
    purged_manifests: 2,
  }),
  creation_time: '2024-05-01T10:00:00Z',
  update_time: '2024-05-01T10:02:00Z',
} satisfies Schemas['GCHistory'];

const runningGc = {
  ...finishedGc,
  id: 8,
  job_kind: 'SCHEDULE',
  schedule: { type: 'Schedule', cron: '' },
  job_status: 'Running',
  job_parameters: JSON.stringify({ delete_untagged: false, dry_run: true, workers: 1, time_window: 2 }),
} satisfies Schemas['GCHistory'];

const failedGc = {
  ...finishedGc,
  id: 6,
  job_status: 'Error',
  job_parameters: JSON.stringify({ delete_untagged: false, dry_run: false, workers: 1, time_window: 2 }),
} satisfies Schemas['GCHistory'];

const dailySchedule = {
  id: 1,
  job_kind: '0 0 0 * * *',
  schedule: { type: 'Daily', cron: '0 0 0 * * *', next_scheduled_time: '2024-05-02T00:00:00Z' },
  job_parameters: JSON.stringify({ delete_untagged: false, workers: 1, time_window: 2 }),
} satisfies Schemas['GCHistory'];

/** A fake core for Clean Up; `runs()` answers each history request (so a test can change it over time). */
function fakeCleanupApi(options: {
  runs?: () => Schemas['GCHistory'][];
  schedule?: Schemas['GCHistory'] | null;
}) {
  const runs = options.runs ?? (() => [runningGc, finishedGc, failedGc]);
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v2.0/users/current') return jsonResponse(200, admin);
    if (url.endsWith('/schedule') && method === 'GET')
      return options.schedule ? jsonResponse(200, options.schedule) : new Response(null, { status: 200 });
    if (url.endsWith('/schedule') && method === 'POST') return new Response(null, { status: 201 });
    if (url.endsWith('/schedule') && method === 'PUT') return new Response(null, { status: 200 });
    if (/\/system\/(gc|purgeaudit)\?/.test(url)) {
      const items = runs();
      return jsonResponse(200, items, { 'X-Total-Count': String(items.length) });
    }
    if (url === '/api/v2.0/system/gc/8' && method === 'PUT') return new Response(null, { status: 200 });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: url }] });
  });
}

function sent(fetch: ReturnType<typeof stubFetch>, url: string, method: string): unknown[] {
  return fetch.mock.calls
    .filter(([u, init]) => u === url && init?.method === method)
    .map(([, init]) => JSON.parse(String(init?.body)) as unknown);
}

// The first render of each lazy page transforms its chunk; allow for a cold, busy machine.
describe('Clean Up', { timeout: 20_000 }, () => {
  it('shows each GC run with its status, what it freed, its log and Stop only while it runs', async () => {
    const fetch = fakeCleanupApi({});
    renderRoutes(routes, '/harbor/clearing-job/gc');

    const table = await screen.findByRole('table', { name: 'GC history' });
    const [, running, finished, failed] = within(table).getAllByRole('row');
    expect(within(finished!).getByText('Success')).toBeTruthy();
    expect(within(finished!).getByText('2 manifest(s) and 3 blob(s) deleted, 1.5 MiB freed')).toBeTruthy();
    expect(within(finished!).getByText('Manual')).toBeTruthy();
    expect(within(finished!).queryByRole('button', { name: 'Stop run 7' })).toBeNull();
    const log = within(finished!).getByRole('link', { name: 'Log of run 7' });
    expect(log.getAttribute('href')).toBe('/api/v2.0/system/gc/7/log');
    expect(log.getAttribute('target')).toBe('_blank');

    // A run that failed before counting anything claims nothing.
    expect(within(failed!).getByText('Error')).toBeTruthy();
    expect(within(failed!).queryByText(/deleted/)).toBeNull();

    // A run still going has no result yet, and can be stopped (after a confirmation).
    expect(within(running!).getByText('Running')).toBeTruthy();
    expect(within(running!).queryByText(/freed/)).toBeNull();
    fireEvent.click(within(running!).getByRole('button', { name: 'Stop run 8' }));
    const dialog = screen.getByRole('dialog', { name: 'Stop the run' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop' }));
    await waitFor(() =>
      expect(
        fetch.mock.calls.some(([u, init]) => u === '/api/v2.0/system/gc/8' && init?.method === 'PUT'),
      ).toBe(true),
    );
  });

  it('re-reads the history while a run is unfinished, and shows its result when it ends', async () => {
    let calls = 0;
    fakeCleanupApi({
      runs: () => {
        calls += 1;
        return calls === 1 ? [runningGc] : [{ ...runningGc, job_status: 'Success' }];
      },
    });
    renderRoutes(routes, '/harbor/clearing-job/gc');

    const table = await screen.findByRole('table', { name: 'GC history' });
    expect(within(table).getByText('Running')).toBeTruthy();
    // Harbor's portal polls every 5 s while a run is Pending or Running.
    expect(await within(table).findByText('Success', {}, { timeout: 8000 })).toBeTruthy();
    expect(within(table).getByText('0 manifest(s) and 0 blob(s) would be deleted, 0 B freed')).toBeTruthy();
  });

  it('"GC Now" and "Dry Run" send the parameters with a Manual schedule', async () => {
    const fetch = fakeCleanupApi({ schedule: dailySchedule });
    renderRoutes(routes, '/harbor/clearing-job/gc');

    fireEvent.click(await screen.findByRole('checkbox', { name: 'Delete untagged artifacts' }));
    fireEvent.change(screen.getByLabelText('Workers'), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('Time window (hours)'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'GC Now' }));
    await screen.findByText(/Garbage collection started/);
    fireEvent.click(screen.getByRole('button', { name: 'Dry Run' }));
    await screen.findByText(/Dry run started/);

    const parameters = { delete_untagged: true, workers: 3, time_window: 0 };
    expect(sent(fetch, '/api/v2.0/system/gc/schedule', 'POST')).toEqual([
      { schedule: { type: 'Manual' }, parameters: { ...parameters, dry_run: false } },
      { schedule: { type: 'Manual' }, parameters: { ...parameters, dry_run: true } },
    ]);
  });

  it('refuses a custom cron that is not 6 fields with seconds 0, then saves a valid one', async () => {
    const fetch = fakeCleanupApi({ schedule: dailySchedule });
    renderRoutes(routes, '/harbor/clearing-job/gc');

    const type = (await screen.findByLabelText('Schedule')) as HTMLSelectElement;
    expect(type.value).toBe('Daily');
    expect(screen.getByText(/Next scheduled run/)).toBeTruthy();
    fireEvent.change(type, { target: { value: 'Custom' } });
    const cron = screen.getByLabelText('Cron');
    const save = screen.getByRole('button', { name: 'Save schedule' }) as HTMLButtonElement;

    fireEvent.change(cron, { target: { value: '0 3 * * *' } });
    expect(screen.getByText('Enter 6 fields separated by spaces, seconds first.')).toBeTruthy();
    expect(save.disabled).toBe(true);
    fireEvent.change(cron, { target: { value: '30 0 3 * * *' } });
    expect(screen.getByText('The seconds field (the first one) must be 0.')).toBeTruthy();
    fireEvent.change(cron, { target: { value: '0 0 25 * * *' } });
    expect(screen.getByText(/out of its range/)).toBeTruthy();
    expect(save.disabled).toBe(true);

    fireEvent.change(cron, { target: { value: '0 30 3 * * MON-FRI' } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await screen.findByText('Schedule saved.');
    // A schedule exists already, so it is changed with PUT.
    expect(sent(fetch, '/api/v2.0/system/gc/schedule', 'PUT')).toEqual([
      {
        schedule: { type: 'Custom', cron: '0 30 3 * * MON-FRI' },
        parameters: { delete_untagged: false, dry_run: false, workers: 1, time_window: 2 },
      },
    ]);
  });

  it('purges audit logs older than the retention, in hours, for the chosen event types', async () => {
    const fetch = fakeCleanupApi({ runs: () => [] });
    renderRoutes(routes, '/harbor/clearing-job/audit-log-purge');

    const purge = (await screen.findByRole('button', { name: 'Purge Now' })) as HTMLButtonElement;
    expect(purge.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Keep records in'), { target: { value: '7' } });
    const events = screen.getByRole('group', { name: 'Included event types' });
    for (const box of within(events).getAllByRole('checkbox')) {
      const name = box.parentElement?.textContent ?? '';
      if (!['Create artifact', 'Pull artifact', 'Login user'].includes(name)) fireEvent.click(box);
    }
    fireEvent.click(purge);
    await screen.findByText(/Log rotation started/);
    expect(sent(fetch, '/api/v2.0/system/purgeaudit/schedule', 'POST')).toEqual([
      {
        schedule: { type: 'Manual' },
        parameters: {
          audit_retention_hour: 168,
          include_event_types: 'create_artifact,pull_artifact,login_user',
          dry_run: false,
        },
      },
    ]);
  });

  it('is for system admins only', async () => {
    stubFetch((url) =>
      url === '/api/v2.0/users/current'
        ? jsonResponse(200, {
            user_id: 2,
            username: 'dev',
            sysadmin_flag: false,
          } satisfies Schemas['UserResp'])
        : jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: url }] }),
    );
    renderRoutes(routes, '/harbor/clearing-job/gc');
    expect(await screen.findByTestId('forbidden')).toBeTruthy();
    expect(screen.queryByText('Administration')).toBeNull();
  });
});
