import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';
import type { RobotScope } from '../api';
import { CreateRobotDialog } from './CreateRobotDialog';

const LISTS = {
  system: [
    { resource: 'registry', action: 'read' },
    { resource: 'registry', action: 'list' },
  ],
  project: [
    { resource: 'repository', action: 'pull' },
    { resource: 'repository', action: 'push' },
    { resource: 'sbom', action: 'create' },
  ],
};

/** A fake core answering `GET /permissions` (admin: both lists) and `POST /robots`; records the bodies. */
function fakeCore() {
  return stubFetch((url, init) => {
    if (url === '/api/v2.0/permissions') return jsonResponse(200, LISTS);
    if (url === '/api/v2.0/robots' && init.method === 'POST')
      return jsonResponse(201, { id: 4, name: 'robot$x', secret: 'S3cretS3cretS3cretS3cretS3cret12' });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: url }] });
  });
}

function renderDialog(scope: RobotScope) {
  const onCreated = vi.fn();
  renderRoutes(
    [
      {
        path: '/',
        element: <CreateRobotDialog scope={scope} open onClose={() => {}} onCreated={onCreated} />,
      },
    ],
    '/',
  );
  return { dialog: screen.getByRole('dialog', { name: 'New Robot Account' }), onCreated };
}

const sentBody = (fetch: ReturnType<typeof fakeCore>) =>
  JSON.parse(
    String(
      fetch.mock.calls.find(([url, init]) => url === '/api/v2.0/robots' && init?.method === 'POST')?.[1]
        ?.body,
    ),
  );

describe('new robot account dialog', () => {
  it('offers a project robot exactly the project pairs core lists, and sends what is ticked', async () => {
    const fetch = fakeCore();
    const { dialog, onCreated } = renderDialog({ level: 'project', projectId: 3, projectName: 'team-a' });

    const sbom = await within(dialog).findByRole('checkbox', { name: 'Create sbom' });
    expect(
      within(dialog)
        .getAllByRole('checkbox')
        .filter((box) => box.closest('fieldset')),
    ).toHaveLength(3);
    expect(within(dialog).queryByRole('checkbox', { name: 'Read registry' })).toBeNull();
    expect(
      (within(dialog).getByRole('checkbox', { name: 'Pull repository' }) as HTMLInputElement).checked,
    ).toBe(true);
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Push repository' }));
    fireEvent.click(sbom);
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'ci' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));

    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(sentBody(fetch).permissions).toEqual([
      {
        kind: 'project',
        namespace: 'team-a',
        access: [
          { resource: 'repository', action: 'pull' },
          { resource: 'sbom', action: 'create' },
        ],
      },
    ]);
  });

  it('offers a system robot the system pairs too and sends them as a system permission', async () => {
    const fetch = fakeCore();
    const { dialog, onCreated } = renderDialog({ level: 'system' });

    fireEvent.click(await within(dialog).findByRole('checkbox', { name: 'List registry' }));
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'ops' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));

    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(sentBody(fetch).permissions).toEqual([
      {
        kind: 'project',
        namespace: '*',
        access: [
          { resource: 'repository', action: 'pull' },
          { resource: 'repository', action: 'push' },
        ],
      },
      { kind: 'system', namespace: '/', access: [{ resource: 'registry', action: 'list' }] },
    ]);
  });
});
