import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { formatDateTime } from '../../../lib/format';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const WEBHOOK = '/api/v2.0/projects/3/webhook';
const POLICIES = `${WEBHOOK}/policies`;
const PUSHED_AT = '2024-05-02T10:00:00Z';

const policy = (id: number, name: string, options: { enabled?: boolean; type?: 'http' | 'slack' } = {}) => ({
  id,
  name,
  description: '',
  project_id: 3,
  enabled: options.enabled ?? true,
  event_types: ['PUSH_ARTIFACT', 'DELETE_ARTIFACT'],
  targets: [
    options.type === 'slack'
      ? { type: 'slack', address: 'https://hooks.slack.com/services/x', skip_cert_verify: false }
      : {
          type: 'http',
          address: `http://ci.example.com/${name}`,
          skip_cert_verify: true,
          payload_format: 'Default',
        },
  ],
  creator: 'admin',
  creation_time: '2024-05-01T00:00:00Z',
  update_time: '2024-05-01T00:00:00Z',
});

/** A fake core for project 3 (`roleId` for the caller) and its webhooks; records what is sent. */
function fakeWebhookApi({ roleId = 1, sysadmin = true } = {}) {
  let policies = [policy(2, 'chat', { type: 'slack', enabled: false }), policy(1, 'ci')];
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 1, username: 'someone', sysadmin_flag: sysadmin });
    if (url === '/api/v2.0/projects/3')
      return jsonResponse(200, {
        project_id: 3,
        name: 'team-a',
        current_user_role_id: roleId,
        current_user_role_ids: [roleId],
        metadata: { public: 'false' },
      });
    if (url.startsWith('/api/v2.0/projects/team-a/repositories'))
      return jsonResponse(200, [], { 'X-Total-Count': '0' });
    if (url === `${WEBHOOK}/events`)
      return jsonResponse(200, {
        // What core lists: every type it emits, jobs' outcomes included (REPLICATION not yet).
        event_type: [
          'PUSH_ARTIFACT',
          'PULL_ARTIFACT',
          'DELETE_ARTIFACT',
          'QUOTA_EXCEED',
          'QUOTA_WARNING',
          'SCANNING_FAILED',
          'SCANNING_STOPPED',
          'SCANNING_COMPLETED',
          'TAG_RETENTION',
        ],
        notify_type: ['http', 'slack'],
        payload_formats: [{ notify_type: 'http', formats: ['Default', 'CloudEvents'] }],
      });
    if (url === `${WEBHOOK}/lasttrigger`)
      return jsonResponse(200, [
        { policy_name: 'ci', event_type: 'PUSH_ARTIFACT', enabled: true, last_trigger_time: PUSHED_AT },
        { policy_name: 'ci', event_type: 'DELETE_ARTIFACT', enabled: true },
      ]);
    if (url.startsWith(`${POLICIES}/1/executions/41/tasks?`))
      return jsonResponse(200, [{ id: 90, execution_id: 41, status: 'Success', run_count: 1 }], {
        'X-Total-Count': '1',
      });
    if (url.startsWith(`${POLICIES}/1/executions?`))
      return jsonResponse(
        200,
        [
          {
            id: 41,
            vendor_type: 'WEBHOOK',
            vendor_id: 1,
            status: 'Success',
            trigger: 'EVENT',
            extra_attrs: { event_type: 'PUSH_ARTIFACT' },
            start_time: PUSHED_AT,
            end_time: PUSHED_AT,
          },
        ],
        { 'X-Total-Count': '1' },
      );
    if (url.startsWith(`${POLICIES}?`) && method === 'GET')
      return jsonResponse(200, policies, { 'X-Total-Count': String(policies.length) });
    if (url === POLICIES && method === 'POST') {
      const body = JSON.parse(String(init.body)) as ReturnType<typeof policy>;
      if (body.targets[0]!.address.includes('169.254.169.254'))
        return jsonResponse(400, {
          errors: [{ code: 'BAD_REQUEST', message: 'webhook address 169.254.169.254 is not allowed' }],
        });
      policies = [{ ...policy(3, body.name), ...body, id: 3 }, ...policies];
      return new Response(null, { status: 201 });
    }
    const id = Number(url.split('/').pop());
    if (url.startsWith(`${POLICIES}/`) && method === 'PUT') {
      const body = JSON.parse(String(init.body)) as ReturnType<typeof policy>;
      policies = policies.map((p) => (p.id === id ? { ...p, ...body } : p));
      return new Response(null, { status: 200 });
    }
    if (url.startsWith(`${POLICIES}/`) && method === 'DELETE') {
      policies = policies.filter((p) => p.id !== id);
      return new Response(null, { status: 200 });
    }
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
  });
}

const sent = (fetch: ReturnType<typeof fakeWebhookApi>, method: string) =>
  fetch.mock.calls
    .filter(([, init]) => init?.method === method)
    .map(([url, init]) => ({
      url,
      body: init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined,
    }));

const rowOf = async (text: string) => (await screen.findByText(text)).closest('tr')!;

const openNewWebhook = async () => {
  const button = (await screen.findByRole('button', { name: 'New Webhook' })) as HTMLButtonElement;
  await waitFor(() => expect(button.disabled).toBe(false)); // waits for /webhook/events
  fireEvent.click(button);
  return screen.getByRole('dialog', { name: 'Add Webhook' });
};

describe('project Webhooks tab', () => {
  it('is a project tab at Harbor’s path, listing each policy with its target, events and last trigger', async () => {
    fakeWebhookApi();
    renderRoutes(routes, '/harbor/projects/3/webhook');

    expect(await screen.findByRole('heading', { name: 'Webhooks' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Webhooks' }).getAttribute('aria-current')).toBe('page');
    const ci = await rowOf('http://ci.example.com/ci');
    expect(within(ci).getByText('ci')).toBeTruthy();
    expect(within(ci).getByText('Enabled')).toBeTruthy();
    expect(within(ci).getByText('HTTP')).toBeTruthy();
    expect(within(ci).getByText('Default')).toBeTruthy();
    expect(within(ci).getByText('Artifact pushed')).toBeTruthy();
    expect(within(ci).getByText('Artifact deleted')).toBeTruthy();
    expect(await within(ci).findByText(formatDateTime(PUSHED_AT, 'en-US'))).toBeTruthy();
    const chat = await rowOf('https://hooks.slack.com/services/x');
    expect(within(chat).getByText('Deactivated')).toBeTruthy();
    expect(within(chat).getByText('Slack')).toBeTruthy();
    expect(within(chat).getByRole('button', { name: 'Enable' })).toBeTruthy();
  });

  it("adds a webhook from Harbor's defaults (every event type checked) and shows core's 400 in the dialog", async () => {
    const fetch = fakeWebhookApi();
    renderRoutes(routes, '/harbor/projects/3/webhook');

    const dialog = await openNewWebhook();
    const boxes = within(dialog).getAllByRole('checkbox');
    const eventBoxes = within(within(dialog).getByRole('group', { name: 'Event Type' })).getAllByRole(
      'checkbox',
    ) as HTMLInputElement[];
    expect(eventBoxes.map((box) => box.checked)).toEqual(Array(9).fill(true));
    for (const label of [
      'Scanning failed',
      'Scanning stopped',
      'Scanning finished',
      'Tag retention finished',
    ])
      expect(within(dialog).getByLabelText(label)).toBeTruthy();
    expect((within(dialog).getByLabelText('Verify Remote Certificate') as HTMLInputElement).checked).toBe(
      true,
    );
    expect(boxes.length).toBe(10);
    expect((within(dialog).getByLabelText('Payload Format') as HTMLSelectElement).value).toBe('Default');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(within(dialog).getByText('Name is required.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'build' } });
    fireEvent.click(within(dialog).getByLabelText('Artifact pulled'));
    fireEvent.change(within(dialog).getByLabelText('Payload Format'), { target: { value: 'CloudEvents' } });
    fireEvent.change(within(dialog).getByLabelText('Endpoint URL'), {
      target: { value: 'http://169.254.169.254/latest' },
    });
    fireEvent.change(within(dialog).getByLabelText('Auth Header'), { target: { value: 'Bearer t0k' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(
      await within(dialog).findByText(
        'The request is invalid. (webhook address 169.254.169.254 is not allowed)',
      ),
    ).toBeTruthy();

    fireEvent.change(within(dialog).getByLabelText('Endpoint URL'), {
      target: { value: 'http://ci.example.com/build' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(sent(fetch, 'POST')).toHaveLength(2));
    expect(sent(fetch, 'POST')[1]).toEqual({
      url: POLICIES,
      body: {
        name: 'build',
        description: '',
        enabled: true,
        event_types: [
          'PUSH_ARTIFACT',
          'DELETE_ARTIFACT',
          'QUOTA_EXCEED',
          'QUOTA_WARNING',
          'SCANNING_FAILED',
          'SCANNING_STOPPED',
          'SCANNING_COMPLETED',
          'TAG_RETENTION',
        ],
        targets: [
          {
            type: 'http',
            address: 'http://ci.example.com/build',
            auth_header: 'Bearer t0k',
            skip_cert_verify: false,
            payload_format: 'CloudEvents',
          },
        ],
      },
    });
    expect(await rowOf('http://ci.example.com/build')).toBeTruthy();
    expect(screen.queryByRole('dialog', { name: 'Add Webhook' })).toBeNull();
  });

  it('edits a policy keeping its write-only auth header, disables it, and deletes one (confirmed)', async () => {
    const fetch = fakeWebhookApi();
    renderRoutes(routes, '/harbor/projects/3/webhook');

    const ci = await rowOf('http://ci.example.com/ci');
    const edit = within(ci).getByRole('button', { name: 'Edit' }) as HTMLButtonElement;
    await waitFor(() => expect(edit.disabled).toBe(false));
    fireEvent.click(edit);
    const dialog = screen.getByRole('dialog', { name: 'Edit Webhook' });
    const header = within(dialog).getByLabelText('Auth Header') as HTMLInputElement;
    expect(header.value).toBe('');
    expect(header.placeholder).toBe('Leave empty to keep the current header');
    const save = within(dialog).getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true); // nothing changed yet
    fireEvent.change(within(dialog).getByLabelText('Description'), { target: { value: 'tell CI' } });
    fireEvent.click(save);
    await waitFor(() => expect(sent(fetch, 'PUT')).toHaveLength(1));
    expect(sent(fetch, 'PUT')[0]).toEqual({
      url: `${POLICIES}/1`,
      body: {
        name: 'ci',
        description: 'tell CI',
        enabled: true,
        event_types: ['PUSH_ARTIFACT', 'DELETE_ARTIFACT'],
        targets: [
          {
            type: 'http',
            address: 'http://ci.example.com/ci',
            skip_cert_verify: true,
            payload_format: 'Default',
          },
        ],
      },
    });

    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit Webhook' })).toBeNull());
    fireEvent.click(
      within(await rowOf('http://ci.example.com/ci')).getByRole('button', { name: 'Deactivate' }),
    );
    await waitFor(() => expect(sent(fetch, 'PUT')).toHaveLength(2));
    expect(sent(fetch, 'PUT')[1]!.body).toMatchObject({ name: 'ci', enabled: false });
    expect(sent(fetch, 'PUT')[1]!.body).not.toHaveProperty('targets.0.auth_header');

    fireEvent.click(
      within(await rowOf('https://hooks.slack.com/services/x')).getByRole('button', { name: 'Delete' }),
    );
    const confirm = screen.getByRole('dialog', { name: 'Delete webhook' });
    expect(confirm.textContent).toContain('Do you want to delete webhook chat?');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(sent(fetch, 'DELETE')).toEqual([{ url: `${POLICIES}/2`, body: undefined }]));
    await waitFor(() => expect(screen.queryByText('https://hooks.slack.com/services/x')).toBeNull());
  });

  it("shows a policy's executions and an execution's tasks, each with its log in a new tab", async () => {
    fakeWebhookApi();
    renderRoutes(routes, '/harbor/projects/3/webhook');

    fireEvent.click(
      within(await rowOf('http://ci.example.com/ci')).getByRole('button', { name: 'Executions of ci' }),
    );
    const executions = await screen.findByRole('region', { name: 'Executions of ci' });
    const execution = (await within(executions).findByText('41')).closest('tr')!;
    expect(within(execution).getByText('Artifact pushed')).toBeTruthy();
    expect(within(execution).getByText('Success')).toBeTruthy();
    fireEvent.click(within(execution).getByRole('button', { name: 'Tasks of execution 41' }));
    const log = await screen.findByRole('link', { name: 'Log of task 90' });
    expect(log.getAttribute('href')).toBe(`${POLICIES}/1/executions/41/tasks/90/log`);
    expect(log.getAttribute('target')).toBe('_blank');
  });

  it('lets maintainers list webhooks only, and is not offered to developers', async () => {
    const fetch = fakeWebhookApi({ roleId: 4, sysadmin: false });
    const { unmount } = renderRoutes(routes, '/harbor/projects/3/webhook');
    const ci = await rowOf('http://ci.example.com/ci');
    expect(within(ci).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('button', { name: 'New Webhook' })).toBeNull();
    expect(screen.getByText('Only project administrators can add and change webhooks.')).toBeTruthy();
    // `read` (events, last trigger, executions) is the admins': core would answer 403.
    const asked = fetch.mock.calls.map(([url]) => String(url));
    expect(asked.filter((url) => url.startsWith(WEBHOOK) && !url.startsWith(`${POLICIES}?`))).toEqual([]);
    unmount();

    fakeWebhookApi({ roleId: 2, sysadmin: false });
    renderRoutes(routes, '/harbor/projects/3/repositories');
    expect(await screen.findByRole('link', { name: 'Members' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Webhooks' })).toBeNull();
  });
});
