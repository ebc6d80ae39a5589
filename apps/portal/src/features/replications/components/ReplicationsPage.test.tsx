import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const PAGE = '/harbor/replications';

const policy = (id: number, name: string, enabled: boolean) => ({
  id,
  name,
  enabled,
  description: '',
  src_registry: { id: 0, name: 'Local' },
  dest_registry: { id: 3, name: 'site-b' },
  dest_namespace: 'mirror',
  trigger: { type: 'manual', trigger_settings: { cron: '' } },
  filters: [],
});

type Execution = Record<string, unknown> & { id: number; status: string };

/** A fake core with two rules (7 enabled, 8 deactivated) and one finished run of rule 7; records what is sent. */
function fakeReplicationApi({ startStatus = 201 } = {}) {
  const executions: Execution[] = [
    {
      id: 41,
      policy_id: 7,
      status: 'Succeed',
      status_text: '',
      trigger: 'manual',
      start_time: '2026-12-04T06:00:00Z',
      end_time: '2026-12-04T06:01:00Z',
      total: 2,
      failed: 0,
      succeed: 2,
      in_progress: 0,
      stopped: 0,
    },
  ];
  const tasks = [
    {
      id: 51,
      execution_id: 41,
      status: 'Succeed',
      operation: 'copy',
      resource_type: 'image',
      src_resource: 'library/app:[v1]',
      dst_resource: 'mirror/app:[v1]',
      start_time: '2026-12-04T06:00:01Z',
      end_time: '2026-12-04T06:00:30Z',
    },
    {
      id: 52,
      execution_id: 41,
      status: 'Pending',
      operation: 'copy',
      resource_type: 'image',
      src_resource: 'library/db:[v2]',
      dst_resource: 'mirror/db:[v2]',
    },
  ];
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    const { pathname, searchParams } = new URL(url, 'http://portal');
    if (pathname === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 1, username: 'admin', sysadmin_flag: true });
    if (pathname === '/api/v2.0/replication/policies')
      return jsonResponse(200, [policy(7, 'push-to-b', true), policy(8, 'paused', false)], {
        'X-Total-Count': '2',
      });
    if (pathname === '/api/v2.0/registries') return jsonResponse(200, [], { 'X-Total-Count': '0' });
    if (pathname === '/api/v2.0/replication/executions' && method === 'POST') {
      if (startStatus !== 201)
        return jsonResponse(startStatus, {
          errors: [{ code: 'PRECONDITION', message: 'the policy 7 is disabled' }],
        });
      executions.unshift({
        id: 42,
        policy_id: 7,
        status: 'InProgress',
        status_text: '',
        trigger: 'manual',
        start_time: '2026-12-04T07:00:00Z',
        total: 0,
        failed: 0,
        succeed: 0,
        in_progress: 0,
        stopped: 0,
      });
      return new Response(null, {
        status: 201,
        headers: { Location: '/api/v2.0/replication/executions/42' },
      });
    }
    if (pathname === '/api/v2.0/replication/executions') {
      const mine = executions.filter((e) => e.policy_id === Number(searchParams.get('policy_id')));
      return jsonResponse(200, mine, { 'X-Total-Count': String(mine.length) });
    }
    if (pathname === '/api/v2.0/replication/executions/42' && method === 'PUT') {
      executions[0] = { ...executions[0]!, status: 'Stopped', end_time: '2026-12-04T07:00:05Z' };
      return new Response(null, { status: 200 });
    }
    if (pathname === '/api/v2.0/replication/imports/image-syncer') {
      const dryRun = (JSON.parse(String(init.body)) as { dry_run: boolean }).dry_run;
      return jsonResponse(dryRun ? 200 : 201, {
        registries: [
          { name: 'image-syncer quay.io', url: 'https://quay.io', type: 'docker-registry', created: true },
        ],
        policies: [
          {
            name: 'image-syncer quay.io/coreos/etcd to harbor.example.com/mirror/etcd',
            direction: 'pull',
            registry: 'image-syncer quay.io',
          },
        ],
      });
    }
    if (pathname === '/api/v2.0/replication/executions/41/tasks')
      return jsonResponse(200, tasks, { 'X-Total-Count': '2' });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${method} ${url}` }] });
  });
}

const sent = (fetch: ReturnType<typeof fakeReplicationApi>, method: string) =>
  fetch.mock.calls
    .filter(([, init]) => init?.method === method)
    .map(([url, init]) => ({ url: String(url), body: init?.body }));

const replicate = () => screen.getByRole('button', { name: 'Replicate' }) as HTMLButtonElement;

describe('Administration › Replications: executions', () => {
  it('replicates the selected enabled rule after confirming, and lists the new run', async () => {
    const fetch = fakeReplicationApi();
    renderRoutes(routes, PAGE);

    await screen.findByText('push-to-b');
    expect(replicate().disabled).toBe(true);
    expect(screen.getByText('Select a rule to see its executions.')).toBeTruthy();
    // A deactivated rule cannot be run, as in Harbor.
    fireEvent.click(screen.getByRole('radio', { name: 'Select paused' }));
    expect(await screen.findByText("We couldn't find any replication jobs!")).toBeTruthy();
    expect(replicate().disabled).toBe(true);

    fireEvent.click(screen.getByRole('radio', { name: 'Select push-to-b' }));
    const runs = await screen.findByRole('table', { name: 'Executions of push-to-b' });
    const done = within(runs).getByText('41').closest('tr')!;
    expect(within(done).getByText('Success')).toBeTruthy();
    expect(within(done).getByText('Manual')).toBeTruthy();
    expect(within(done).getByText('100%')).toBeTruthy();
    expect(within(done).getByText('2')).toBeTruthy();
    expect(within(done).queryByRole('button', { name: 'Stop execution 41' })).toBeNull();

    fireEvent.click(replicate());
    const dialog = screen.getByRole('dialog', { name: 'Confirm Replication Rule Execution' });
    expect(within(dialog).getByText('Do you want to execute replication rule push-to-b?')).toBeTruthy();
    expect(sent(fetch, 'POST')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Replicate' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sent(fetch, 'POST')).toEqual([
      { url: '/api/v2.0/replication/executions', body: JSON.stringify({ policy_id: 7 }) },
    ]);
    const running = (await within(runs).findByText('42')).closest('tr')!;
    expect(within(running).getByText('Running')).toBeTruthy();
    // No task yet and still running: Harbor's rate is 0 until one succeeds.
    expect(within(running).getByText('0%')).toBeTruthy();
  });

  it('stops a running execution after confirming', async () => {
    const fetch = fakeReplicationApi();
    renderRoutes(routes, PAGE);
    fireEvent.click(await screen.findByRole('radio', { name: 'Select push-to-b' }));
    await screen.findByRole('table', { name: 'Executions of push-to-b' });
    fireEvent.click(replicate());
    fireEvent.click(
      within(screen.getByRole('dialog', { name: 'Confirm Replication Rule Execution' })).getByRole('button', {
        name: 'Replicate',
      }),
    );

    fireEvent.click(await screen.findByRole('button', { name: 'Stop execution 42' }));
    const dialog = screen.getByRole('dialog', { name: 'Confirm Stop Executions' });
    expect(within(dialog).getByText('Do you want to stop the executions 42?')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop' }));

    await waitFor(() =>
      expect(sent(fetch, 'PUT')).toEqual([{ url: '/api/v2.0/replication/executions/42', body: undefined }]),
    );
    const stopped = (await screen.findByText('Stopped')).closest('tr')!;
    expect(within(stopped).getByText('42')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Stop execution 42' })).toBeNull();
  });

  it("opens a run's tasks with its counts, and links each started task's log", async () => {
    fakeReplicationApi();
    renderRoutes(routes, PAGE);
    fireEvent.click(await screen.findByRole('radio', { name: 'Select push-to-b' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Tasks of execution 41' }));

    const summary = await screen.findByLabelText('Task counts of execution 41');
    expect(within(summary).getByText('Success').nextSibling?.textContent).toBe('2');
    expect(within(summary).getByText('Failure').nextSibling?.textContent).toBe('0');

    const table = await screen.findByRole('table', { name: 'Tasks of execution 41' });
    const copied = within(table).getByText('library/app:[v1]').closest('tr')!;
    expect(within(copied).getByText('mirror/app:[v1]')).toBeTruthy();
    expect(within(copied).getByText('copy')).toBeTruthy();
    expect(within(copied).getByText('image')).toBeTruthy();
    expect(within(copied).getByText('Success')).toBeTruthy();
    expect(within(copied).getByRole('link', { name: 'Log of task 51' }).getAttribute('href')).toBe(
      '/api/v2.0/replication/executions/41/tasks/51/log',
    );
    const pending = within(table).getByText('library/db:[v2]').closest('tr')!;
    expect(within(pending).getByText('Pending')).toBeTruthy();
    expect(within(pending).queryByRole('link')).toBeNull();
  });

  it("shows core's refusal in the confirmation and starts nothing", async () => {
    fakeReplicationApi({ startStatus: 412 });
    renderRoutes(routes, PAGE);
    fireEvent.click(await screen.findByRole('radio', { name: 'Select push-to-b' }));
    await screen.findByRole('table', { name: 'Executions of push-to-b' });
    fireEvent.click(replicate());
    const dialog = screen.getByRole('dialog', { name: 'Confirm Replication Rule Execution' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Replicate' }));
    expect(await within(dialog).findByText(/the policy 7 is disabled/)).toBeTruthy();
    expect(screen.queryByText('42')).toBeNull();
  });
});

describe('Administration › Replications: image-syncer import', () => {
  it('previews what the files would make, then imports them with the chosen schedule', async () => {
    const fetch = fakeReplicationApi();
    renderRoutes(routes, PAGE);
    fireEvent.click(await screen.findByRole('button', { name: 'Import image-syncer files' }));
    const dialog = screen.getByRole('dialog', { name: 'Import image-syncer files' });
    const importButton = within(dialog).getByRole('button', { name: 'Import' }) as HTMLButtonElement;
    expect(importButton.disabled).toBe(true);

    const images = 'quay.io/coreos/etcd: harbor.example.com/mirror/etcd\n';
    const auth = 'quay.io: {username: robot, password: pw}\n';
    fireEvent.change(within(dialog).getByLabelText('Images file (JSON or YAML)'), {
      target: { files: [new File([images], 'images.yaml')] },
    });
    fireEvent.change(within(dialog).getByLabelText('Auth file (optional)'), {
      target: { files: [new File([auth], 'auth.yaml')] },
    });
    fireEvent.change(within(dialog).getByLabelText('Trigger Mode'), { target: { value: 'scheduled' } });
    await waitFor(() => expect(importButton.disabled).toBe(false));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Preview' }));

    const preview = await within(dialog).findByRole('table', { name: 'Preview' });
    const row = within(preview)
      .getByText('image-syncer quay.io/coreos/etcd to harbor.example.com/mirror/etcd')
      .closest('tr')!;
    expect(within(row).getByText('Pull-based')).toBeTruthy();
    expect(within(row).getByText('https://quay.io (new)')).toBeTruthy();

    fireEvent.click(importButton);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const posted = sent(fetch, 'POST').map(({ url, body }) => ({
      url,
      body: JSON.parse(String(body)) as unknown,
    }));
    const trigger = { type: 'scheduled', trigger_settings: { cron: '0 0 2 * * *' } };
    expect(posted).toEqual([
      { url: '/api/v2.0/replication/imports/image-syncer', body: { images, auth, trigger, dry_run: true } },
      { url: '/api/v2.0/replication/imports/image-syncer', body: { images, auth, trigger, dry_run: false } },
    ]);
  });
});
