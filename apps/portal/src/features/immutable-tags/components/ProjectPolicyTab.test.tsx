import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const RULES = '/api/v2.0/projects/3/immutabletagrules';

const rule = (
  id: number,
  repository: string,
  tag: string,
  options: { disabled?: boolean; excludes?: boolean } = {},
) => ({
  id,
  priority: 0,
  disabled: options.disabled ?? false,
  action: 'immutable',
  template: 'immutable_template',
  tag_selectors: [
    { kind: 'doublestar', decoration: options.excludes ? 'excludes' : 'matches', pattern: tag },
  ],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: repository }] },
});

/** A fake core for project 3 (`roleId` for the caller) and its immutable tag rules; records what is sent. */
function fakeRulesApi({ roleId = 1, sysadmin = true, conflict = false } = {}) {
  let rules = [rule(1, '**', 'v*'), rule(2, '{app,web}', 'dev*', { disabled: true, excludes: true })];
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
    if (url.startsWith(`${RULES}?`) && method === 'GET')
      return jsonResponse(200, rules, { 'X-Total-Count': String(rules.length) });
    if (url === RULES && method === 'POST') {
      if (conflict)
        return jsonResponse(409, {
          errors: [{ code: 'CONFLICT', message: 'immutable rule already exists' }],
        });
      rules = [...rules, { ...(JSON.parse(String(init.body)) as ReturnType<typeof rule>), id: 3 }];
      return new Response(null, { status: 201 });
    }
    const id = Number(url.split('/').pop());
    if (url.startsWith(`${RULES}/`) && method === 'PUT') {
      rules = rules.map((r) =>
        r.id === id ? (JSON.parse(String(init.body)) as ReturnType<typeof rule>) : r,
      );
      return new Response(null, { status: 200 });
    }
    if (url.startsWith(`${RULES}/`) && method === 'DELETE') {
      rules = rules.filter((r) => r.id !== id);
      return new Response(null, { status: 200 });
    }
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
  });
}

const sent = (fetch: ReturnType<typeof fakeRulesApi>, method: string) =>
  fetch.mock.calls
    .filter(([, init]) => init?.method === method)
    .map(([url, init]) => ({
      url,
      body: init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined,
    }));

const rowOf = async (text: string) => (await screen.findByText(text)).closest('tr')!;

/** Add Rule, once the rules are listed (the button waits for them, to check the limit and duplicates). */
const openAddRule = async () => {
  await rowOf('matching v*');
  fireEvent.click(screen.getByRole('button', { name: 'Add Rule' }));
  return screen.getByRole('dialog', { name: 'Add Tag Immutability Rule' });
};

describe('project Policy tab: Tag Immutability', () => {
  it('is a project tab at Harbor’s path, listing each rule’s repositories, tags and status', async () => {
    fakeRulesApi();
    const { router } = renderRoutes(routes, '/harbor/projects/3/tag-strategy');
    // The Policy tab opens on Tag Retention, as Harbor's does, even for those who may see both.
    expect(await screen.findByRole('heading', { name: 'Tag Retention' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/harbor/projects/3/tag-strategy/tag-retention');
    fireEvent.click(screen.getByRole('link', { name: 'Tag Immutability' }));

    expect(await screen.findByRole('heading', { name: 'Tag Immutability' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Policy' }).getAttribute('aria-current')).toBe('page');
    const first = await rowOf('matching v*');
    expect(within(first).getByText('matching **')).toBeTruthy();
    expect(within(first).getByText('Enabled')).toBeTruthy();
    const second = await rowOf('excluding dev*');
    expect(within(second).getByText('matching app,web')).toBeTruthy();
    expect(within(second).getByText('Disabled')).toBeTruthy();
    expect(within(second).getByRole('button', { name: 'Enable' })).toBeTruthy();
    expect(screen.getByLabelText('2 of at most 15 rules').textContent).toBe('2/15');
  });

  it("adds a rule from Harbor's defaults (** and **), sending Harbor's ImmutableRule", async () => {
    const fetch = fakeRulesApi();
    renderRoutes(routes, '/harbor/projects/3/tag-strategy/immutable-tag');

    const dialog = await openAddRule();
    expect((within(dialog).getByLabelText('Repository pattern') as HTMLInputElement).value).toBe('**');
    expect((within(dialog).getByLabelText('Tag pattern') as HTMLInputElement).value).toBe('**');
    fireEvent.change(within(dialog).getByLabelText('Repositories: matching or excluding'), {
      target: { value: 'repoExcludes' },
    });
    fireEvent.change(within(dialog).getByLabelText('Repository pattern'), {
      target: { value: 'tmp, scratch' },
    });
    fireEvent.change(within(dialog).getByLabelText('Tag pattern'), { target: { value: 'rc*' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));

    await waitFor(() => expect(sent(fetch, 'POST')).toHaveLength(1));
    expect(sent(fetch, 'POST')[0]).toEqual({
      url: RULES,
      body: {
        priority: 0,
        disabled: false,
        action: 'immutable',
        template: 'immutable_template',
        tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'rc*' }],
        scope_selectors: {
          repository: [{ kind: 'doublestar', decoration: 'repoExcludes', pattern: '{tmp,scratch}' }],
        },
      },
    });
    expect(await rowOf('excluding tmp,scratch')).toBeTruthy();
  });

  it('tells a duplicate or an excluded ** before sending, and a conflict from core after', async () => {
    const fetch = fakeRulesApi({ conflict: true });
    renderRoutes(routes, '/harbor/projects/3/tag-strategy/immutable-tag');

    const dialog = await openAddRule();
    fireEvent.change(within(dialog).getByLabelText('Tag pattern'), { target: { value: 'v*' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('This project already has this rule.');
    fireEvent.change(within(dialog).getByLabelText('Repositories: matching or excluding'), {
      target: { value: 'repoExcludes' },
    });
    expect(within(dialog).getByRole('alert').textContent).toMatch(/^Excluding \*\* leaves no repository/);
    expect(sent(fetch, 'POST')).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText('Repository pattern'), { target: { value: 'app' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(await within(dialog).findByText(/The resource already exists or is in use/)).toBeTruthy();
  });

  it('edits, disables and deletes (confirmed) a rule with Harbor’s PUT and DELETE', async () => {
    const fetch = fakeRulesApi();
    renderRoutes(routes, '/harbor/projects/3/tag-strategy/immutable-tag');

    fireEvent.click(within(await rowOf('matching v*')).getByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Tag Immutability Rule' });
    const save = within(dialog).getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true); // nothing changed yet
    fireEvent.change(within(dialog).getByLabelText('Tag pattern'), { target: { value: 'v*, release-*' } });
    fireEvent.click(save);
    await waitFor(() => expect(sent(fetch, 'PUT')).toHaveLength(1));
    expect(sent(fetch, 'PUT')[0]).toEqual({
      url: `${RULES}/1`,
      body: { ...rule(1, '**', '{v*,release-*}') },
    });

    fireEvent.click(within(await rowOf('matching v*,release-*')).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(sent(fetch, 'PUT')).toHaveLength(2));
    expect(sent(fetch, 'PUT')[1]!.body).toEqual(rule(1, '**', '{v*,release-*}', { disabled: true }));

    fireEvent.click(within(await rowOf('excluding dev*')).getByRole('button', { name: 'Delete' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete immutability rule' });
    expect(confirm.textContent).toContain('repositories matching app,web, tags excluding dev*');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(sent(fetch, 'DELETE')).toEqual([{ url: `${RULES}/2`, body: undefined }]));
    await waitFor(() => expect(screen.queryByText('excluding dev*')).toBeNull());
  });

  it('is offered to maintainers, not to developers (who see Tag Retention only) nor guests', async () => {
    fakeRulesApi({ roleId: 4, sysadmin: false });
    const { unmount } = renderRoutes(routes, '/harbor/projects/3/tag-strategy/immutable-tag');
    expect(await screen.findByRole('button', { name: 'Add Rule' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Policy' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Tag Immutability' })).toBeTruthy();
    unmount();

    fakeRulesApi({ roleId: 2, sysadmin: false });
    const developer = renderRoutes(routes, '/harbor/projects/3/tag-strategy');
    expect(await screen.findByRole('heading', { name: 'Tag Retention' })).toBeTruthy();
    expect(developer.router.state.location.pathname).toBe('/harbor/projects/3/tag-strategy/tag-retention');
    expect(screen.getByRole('link', { name: 'Policy' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Tag Immutability' })).toBeNull();
    developer.unmount();

    fakeRulesApi({ roleId: 3, sysadmin: false });
    renderRoutes(routes, '/harbor/projects/3/repositories');
    expect(await screen.findByRole('link', { name: 'Members' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Policy' })).toBeNull();
  });
});
