import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';
import { retentionExecutionsQuery, RUN_POLL_MS } from '../queries';

const PAGE = '/harbor/projects/3/tag-strategy/tag-retention';

const rule = (k: number, disabled = false) => ({
  disabled,
  action: 'retain',
  template: 'latestPushedK',
  params: { latestPushedK: k },
  tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
});

const METADATA = {
  templates: [
    {
      rule_template: 'latestPushedK',
      display_text: 'the most recently pushed # artifacts',
      action: 'retain',
      params: [{ type: 'int', unit: 'COUNT', required: true }],
    },
    { rule_template: 'always', display_text: 'always', action: 'retain', params: [] },
  ],
  scope_selectors: [
    { display_text: 'Repositories', kind: 'doublestar', decorations: ['repoMatches', 'repoExcludes'] },
  ],
  tag_selectors: [{ display_text: 'Tags', kind: 'doublestar', decorations: ['matches', 'excludes'] }],
};

type Policy = { id?: number; rules: ReturnType<typeof rule>[]; trigger: { settings: { cron: string } } };

/** A fake core for project 3 and its retention policy (id 7 once created); records what is sent. */
function fakeRetentionApi({ roleId = 1, withPolicy = true } = {}) {
  let policy: Policy | null = withPolicy
    ? {
        id: 7,
        rules: [rule(10)],
        trigger: { settings: { cron: '' } },
      }
    : null;
  const executions = [
    {
      id: 21,
      policy_id: 7,
      status: 'Success',
      trigger: 'MANUAL',
      dry_run: true,
      start_time: '2026-12-04T06:00:00Z',
      end_time: '2026-12-04T06:01:05Z',
    },
  ];
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 1, username: 'someone', sysadmin_flag: false });
    if (url === '/api/v2.0/projects/3')
      return jsonResponse(200, {
        project_id: 3,
        name: 'team-a',
        current_user_role_id: roleId,
        current_user_role_ids: [roleId],
        metadata: { public: 'false', ...(policy ? { retention_id: '7' } : {}) },
      });
    if (url === '/api/v2.0/retentions/metadatas') return jsonResponse(200, METADATA);
    if (url === '/api/v2.0/retentions' && method === 'POST') {
      policy = { ...(JSON.parse(String(init.body)) as Policy), id: 7 };
      return new Response(null, { status: 201, headers: { Location: '/api/v2.0/retentions/7' } });
    }
    if (url === '/api/v2.0/retentions/7' && method === 'GET') return jsonResponse(200, policy);
    if (url === '/api/v2.0/retentions/7' && method === 'PUT') {
      policy = { ...(JSON.parse(String(init.body)) as Policy), id: 7 };
      return new Response(null, { status: 200 });
    }
    if (url === '/api/v2.0/retentions/7/executions' && method === 'POST') {
      const body = JSON.parse(String(init.body)) as { dry_run: boolean };
      executions.unshift({
        id: 21 + executions.length,
        policy_id: 7,
        status: 'Running',
        trigger: 'MANUAL',
        dry_run: body.dry_run,
        start_time: '2026-12-04T06:10:00Z',
        end_time: '',
      });
      return new Response(null, { status: 201 });
    }
    if (url.startsWith('/api/v2.0/retentions/7/executions?'))
      return jsonResponse(200, executions, { 'X-Total-Count': String(executions.length) });
    if (url.startsWith('/api/v2.0/retentions/7/executions/21/tasks?'))
      return jsonResponse(
        200,
        [
          {
            id: 31,
            execution_id: 21,
            repository: 'app',
            status: 'Success',
            total: 5,
            retained: 3,
            start_time: '2026-12-04T06:00:01Z',
            end_time: '2026-12-04T06:00:04Z',
          },
        ],
        { 'X-Total-Count': '1' },
      );
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${method} ${url}` }] });
  });
}

const sent = (fetch: ReturnType<typeof fakeRetentionApi>, method: string, path?: string) =>
  fetch.mock.calls
    .filter(([url, init]) => init?.method === method && (!path || String(url) === path))
    .map(([url, init]) => ({
      url,
      body: init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined,
    }));

const RULE_10 =
  'For the repositories matching **, retain the most recently pushed 10 artifacts with tags matching ** including untagged artifacts';

describe('project Policy tab: Tag Retention', () => {
  it('creates the policy with its first rule, as Harbor’s portal does', async () => {
    const fetch = fakeRetentionApi({ withPolicy: false });
    renderRoutes(routes, PAGE);

    expect(await screen.findByRole('heading', { name: 'Tag Retention' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Policy sections' });
    expect(within(nav).getByRole('link', { name: 'Tag Retention' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(within(nav).getByRole('link', { name: 'Tag Immutability' })).toBeTruthy();
    expect(await screen.findByText('No retention rules')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'RUN NOW' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Add Rule' }));
    const dialog = screen.getByRole('dialog', { name: 'Add Tag Retention Rule' });
    await within(dialog).findByRole('option', { name: 'retain always' });
    expect((within(dialog).getByLabelText('Repository pattern') as HTMLInputElement).value).toBe('**');
    expect((within(dialog).getByLabelText('Untagged artifacts') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Enter a whole number, 0 or more.');
    fireEvent.change(within(dialog).getByLabelText('Count'), { target: { value: '3' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));

    await waitFor(() => expect(sent(fetch, 'POST')).toHaveLength(1));
    expect(sent(fetch, 'POST')[0]).toEqual({
      url: '/api/v2.0/retentions',
      body: {
        algorithm: 'or',
        rules: [rule(3)],
        trigger: { kind: 'Schedule', settings: { cron: '' }, references: {} },
        scope: { level: 'project', ref: 3 },
      },
    });
    expect(
      await screen.findByText(
        'For the repositories matching **, retain the most recently pushed 3 artifacts with tags matching ** including untagged artifacts',
      ),
    ).toBeTruthy();
    expect(screen.getByLabelText('1 of at most 15 rules').textContent).toBe('1/15');
  });

  it('disables and deletes a rule, and saves a schedule, with PUTs of the whole policy', async () => {
    const fetch = fakeRetentionApi();
    renderRoutes(routes, PAGE);

    const item = (await screen.findByText(RULE_10)).closest('li')!;
    fireEvent.click(within(item).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(sent(fetch, 'PUT')).toHaveLength(1));
    expect(sent(fetch, 'PUT')[0]).toMatchObject({
      url: '/api/v2.0/retentions/7',
      body: { id: 7, algorithm: 'or', rules: [rule(10, true)] },
    });
    await waitFor(() => expect(within(item).getByText('Disabled')).toBeTruthy());

    fireEvent.change(screen.getByRole('combobox', { name: 'Schedule' }), { target: { value: 'Daily' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save schedule' }));
    await waitFor(() => expect(sent(fetch, 'PUT')).toHaveLength(2));
    expect(sent(fetch, 'PUT')[1]!.body).toMatchObject({
      trigger: { kind: 'Schedule', settings: { cron: '0 0 0 * * *' } },
    });

    fireEvent.click(within(item).getByRole('button', { name: 'Delete' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete retention rule' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(sent(fetch, 'PUT')).toHaveLength(3));
    // With no rule left, the schedule goes too (Harbor's portal).
    expect(sent(fetch, 'PUT')[2]!.body).toMatchObject({
      rules: [],
      trigger: { settings: { cron: '' } },
    });
    expect(await screen.findByText('No retention rules')).toBeTruthy();
  });

  it('runs a dry run at once, a real run after confirming, and lists runs with their repositories', async () => {
    const fetch = fakeRetentionApi();
    renderRoutes(routes, PAGE);

    const runs = await screen.findByRole('table', { name: 'Retention runs' });
    const first = within(runs).getByText('21').closest('tr')!;
    expect(within(first).getByText('Success')).toBeTruthy();
    expect(within(first).getByText('Yes')).toBeTruthy();
    expect(within(first).getByText('1 min 5 s')).toBeTruthy();
    fireEvent.click(within(first).getByRole('button', { name: 'Repositories of run 21' }));
    const tasks = await screen.findByRole('table', { name: 'Repositories of run 21' });
    const app = within(tasks).getByText('app').closest('tr')!;
    expect(within(app).getByText('3/5')).toBeTruthy();
    expect(within(app).getByRole('link', { name: 'Log of app' }).getAttribute('href')).toBe(
      '/api/v2.0/retentions/7/executions/21/tasks/31',
    );

    fireEvent.click(screen.getByRole('button', { name: 'DRY RUN' }));
    await waitFor(() =>
      expect(sent(fetch, 'POST', '/api/v2.0/retentions/7/executions')).toEqual([
        { url: '/api/v2.0/retentions/7/executions', body: { dry_run: true } },
      ]),
    );
    expect(await within(runs).findByText('22')).toBeTruthy();
    expect(within(runs).getByRole('button', { name: 'Stop run 22' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'RUN NOW' }));
    const confirm = screen.getByRole('dialog', { name: 'Retention Run' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(sent(fetch, 'POST', '/api/v2.0/retentions/7/executions')).toHaveLength(2));
    expect(sent(fetch, 'POST', '/api/v2.0/retentions/7/executions')[1]!.body).toEqual({ dry_run: false });
    expect(await within(runs).findByText('23')).toBeTruthy();
  });

  it('re-reads the runs every 5 s while one is Pending or Running', () => {
    const { refetchInterval } = retentionExecutionsQuery(7, { page: 1, pageSize: 10 });
    const interval = refetchInterval as unknown as (query: unknown) => number | false;
    const at = (status: string) => interval({ state: { data: { items: [{ id: 1, status }], total: 1 } } });
    expect(at('Running')).toBe(RUN_POLL_MS);
    expect(at('Pending')).toBe(5000);
    expect(at('Success')).toBe(false);
  });

  it('is for developers too, not for guests', async () => {
    fakeRetentionApi({ roleId: 2 });
    const developer = renderRoutes(routes, PAGE);
    expect(await screen.findByText(RULE_10)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'DRY RUN' })).toBeTruthy();
    developer.unmount();

    fakeRetentionApi({ roleId: 3 });
    renderRoutes(routes, PAGE);
    expect(await screen.findByTestId('forbidden')).toBeTruthy();
  });
});
