import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import type { Schemas } from '../../../lib/api-types';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const admin = { user_id: 1, username: 'admin', sysadmin_flag: true } satisfies Schemas['UserResp'];
const queues = [
  { job_type: 'GARBAGE_COLLECTION', count: 0, latency: 0, paused: false },
  { job_type: 'IMAGE_SCAN', count: 12, latency: 95, paused: false },
  { job_type: 'REPLICATION', count: 1, latency: 3, paused: true },
  { job_type: 'SCHEDULER', count: 2, latency: 0, paused: false },
] satisfies Schemas['JobQueue'][];
const pool = {
  pid: 4242,
  worker_pool_id: 'pool-a',
  host: 'jobservice-1',
  concurrency: 2,
  start_at: '2024-05-01T10:00:00Z',
  heartbeat_at: '2024-05-01T10:05:00Z',
} satisfies Schemas['WorkerPool'];
const workers = [
  {
    id: 'pool-a-0',
    pool_id: 'pool-a',
    job_name: 'GARBAGE_COLLECTION',
    job_id: 'job-77',
    start_at: '2024-05-01T10:04:00Z',
  },
  { id: 'pool-a-1', pool_id: 'pool-a' },
] satisfies Schemas['Worker'][];
const schedule = {
  id: 3,
  vendor_type: 'GARBAGE_COLLECTION',
  vendor_id: -1,
  cron: '0 0 0 * * *',
  update_time: '2024-05-01T09:00:00Z',
} satisfies Schemas['ScheduleTask'];

function fakeJobServiceApi() {
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v2.0/users/current') return jsonResponse(200, admin);
    if (url === '/api/v2.0/jobservice/queues') return jsonResponse(200, queues);
    if (url.startsWith('/api/v2.0/jobservice/queues/') && method === 'PUT')
      return new Response(null, { status: 200 });
    if (url === '/api/v2.0/jobservice/pools') return jsonResponse(200, [pool]);
    if (url === '/api/v2.0/jobservice/pools/all/workers') return jsonResponse(200, workers);
    if (url === '/api/v2.0/jobservice/jobs/job-77' && method === 'PUT')
      return new Response(null, { status: 200 });
    if (url.startsWith('/api/v2.0/schedules?'))
      return jsonResponse(200, [schedule], { 'X-Total-Count': '1' });
    if (url === '/api/v2.0/schedules/all/paused')
      return jsonResponse(200, { paused: false } satisfies Schemas['SchedulerStatus']);
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: url }] });
  });
}

const puts = (fetch: ReturnType<typeof stubFetch>, url: string) =>
  fetch.mock.calls
    .filter(([u, init]) => u === url && init?.method === 'PUT')
    .map(([, init]) => (init?.body === undefined ? undefined : (JSON.parse(String(init.body)) as unknown)));

describe('Job Service Dashboard', { timeout: 20_000 }, () => {
  it('pauses, resumes and stops a queue', async () => {
    const fetch = fakeJobServiceApi();
    renderRoutes(routes, '/harbor/job-service-dashboard');

    const table = await screen.findByRole('table', { name: 'Pending jobs' });
    const scan = within(table).getByText('IMAGE_SCAN').closest('tr')!;
    expect(within(scan).getByText('12')).toBeTruthy();
    expect(within(scan).getByText('1 min')).toBeTruthy();
    // The scheduler's queue is driven from the Schedules section, not listed with the jobs.
    expect(within(table).queryByText('SCHEDULER')).toBeNull();

    fireEvent.click(within(scan).getByRole('button', { name: 'Pause IMAGE_SCAN' }));
    await waitFor(() =>
      expect(puts(fetch, '/api/v2.0/jobservice/queues/IMAGE_SCAN')).toEqual([{ action: 'pause' }]),
    );
    const replication = within(table).getByText('REPLICATION').closest('tr')!;
    fireEvent.click(within(replication).getByRole('button', { name: 'Resume REPLICATION' }));
    await waitFor(() =>
      expect(puts(fetch, '/api/v2.0/jobservice/queues/REPLICATION')).toEqual([{ action: 'resume' }]),
    );

    // Stop drops the waiting jobs, so it asks first; an empty queue has nothing to stop.
    const gc = within(table).getByText('GARBAGE_COLLECTION').closest('tr')!;
    expect(
      (within(gc).getByRole('button', { name: 'Stop pending GARBAGE_COLLECTION jobs' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
    fireEvent.click(within(scan).getByRole('button', { name: 'Stop pending IMAGE_SCAN jobs' }));
    fireEvent.click(
      within(screen.getByRole('dialog', { name: 'Stop pending jobs' })).getByRole('button', { name: 'Stop' }),
    );
    await waitFor(() =>
      expect(puts(fetch, '/api/v2.0/jobservice/queues/IMAGE_SCAN')).toEqual([
        { action: 'pause' },
        { action: 'stop' },
      ]),
    );
  });

  it('pauses every schedule through the scheduler queue and lists them', async () => {
    const fetch = fakeJobServiceApi();
    renderRoutes(routes, '/harbor/job-service-dashboard');

    const table = await screen.findByRole('table', { name: 'Schedules' });
    expect(within(table).getByText('0 0 0 * * *')).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Pause all schedules' }));
    await waitFor(() =>
      expect(puts(fetch, '/api/v2.0/jobservice/queues/SCHEDULER')).toEqual([{ action: 'pause' }]),
    );
  });

  it('shows what each worker runs, with its log and Stop', async () => {
    const fetch = fakeJobServiceApi();
    renderRoutes(routes, '/harbor/job-service-dashboard');

    const pools = await screen.findByRole('table', { name: 'Worker pools' });
    expect(within(pools).getByText('jobservice-1')).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Workers' });
    const busy = within(table).getByText('pool-a-0').closest('tr')!;
    expect(within(busy).getByText('GARBAGE_COLLECTION')).toBeTruthy();
    expect(within(within(table).getByText('pool-a-1').closest('tr')!).getByText('Idle')).toBeTruthy();
    const log = within(busy).getByRole('link', { name: 'Log of job job-77' });
    expect(log.getAttribute('href')).toBe('/api/v2.0/jobservice/jobs/job-77/log');

    fireEvent.click(within(busy).getByRole('button', { name: 'Stop job job-77' }));
    fireEvent.click(
      within(screen.getByRole('dialog', { name: 'Stop the job' })).getByRole('button', { name: 'Stop' }),
    );
    await waitFor(() => expect(puts(fetch, '/api/v2.0/jobservice/jobs/job-77')).toEqual([undefined]));
  });
});
