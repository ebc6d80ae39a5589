import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';
import { CreateProjectDialog, parseQuota, validateProjectName } from './CreateProjectDialog';

describe('project creation', () => {
  it('validates names and quotas as Harbor does', () => {
    expect(validateProjectName('')).toBe('projects.create.name_required');
    expect(validateProjectName('My_Project')).toBe('projects.create.name_invalid');
    expect(validateProjectName('a--b')).toBe('projects.create.name_invalid');
    expect(validateProjectName('team-a.v2')).toBeNull();
    expect(parseQuota('', 'GiB')).toEqual({ bytes: -1 });
    expect(parseQuota('2', 'GiB')).toEqual({ bytes: 2 * 1024 ** 3 });
    expect(parseQuota('0', 'GiB')).toEqual({ error: 'projects.create.quota_invalid' });
    expect(parseQuota('1.5', 'MiB')).toEqual({ error: 'projects.create.quota_invalid' });
  });

  it('shows validation messages, then posts the project and reports a conflict in place', async () => {
    const fetch = stubFetch((url, init) => {
      if (url === '/api/v2.0/projects' && init.method === 'POST') {
        return jsonResponse(409, {
          errors: [{ code: 'CONFLICT', message: 'project team-a already exists' }],
        });
      }
      return jsonResponse(404, {});
    });
    renderRoutes([{ path: '/', element: <CreateProjectDialog open onClose={() => undefined} /> }], '/');

    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByText('Enter a project name.')).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('Project Name'), { target: { value: 'Bad Name' } });
    expect(screen.getByText(/Use lowercase letters and digits/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Project Name'), { target: { value: 'team-a' } });
    fireEvent.change(screen.getByLabelText('Storage Quota'), { target: { value: '10' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Public' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));

    expect(
      await screen.findByText(/already exists or is in use.*project team-a already exists/),
    ).toBeTruthy();
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    const [, init] = fetch.mock.calls[0]!;
    expect(JSON.parse(String(init?.body))).toEqual({
      project_name: 'team-a',
      public: true,
      storage_limit: 10 * 1024 ** 3,
      metadata: { public: 'true' },
    });
  });

  it('creates a proxy cache project (admins only): endpoint required, then registry_id and bandwidth posted', async () => {
    const fetch = stubFetch((url, init) => {
      if (url.startsWith('/api/v2.0/registries'))
        return jsonResponse(200, [{ id: 7, name: 'hub', url: 'https://hub.docker.com', type: 'docker-hub' }]);
      if (url === '/api/v2.0/projects' && init.method === 'POST') return new Response(null, { status: 201 });
      return jsonResponse(404, {});
    });
    const { unmount } = renderRoutes(
      [{ path: '/', element: <CreateProjectDialog open onClose={() => undefined} /> }],
      '/',
    );
    expect(screen.queryByRole('checkbox', { name: 'Proxy Cache' })).toBeNull();
    unmount();
    renderRoutes([{ path: '/', element: <CreateProjectDialog open admin onClose={() => undefined} /> }], '/');
    fireEvent.change(screen.getByLabelText('Project Name'), { target: { value: 'dockerhub' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Proxy Cache' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByText('Choose the endpoint to pull through.')).toBeTruthy();
    await screen.findByRole('option', { name: 'hub (https://hub.docker.com)' });
    fireEvent.change(screen.getByLabelText('Endpoint'), { target: { value: '7' } });
    fireEvent.change(screen.getByLabelText('Bandwidth (KB/s)'), { target: { value: '2048' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(
        fetch.mock.calls.some(([url, init]) => url === '/api/v2.0/projects' && init?.method === 'POST'),
      ).toBe(true),
    );
    const [, init] = fetch.mock.calls.find(
      ([url, init]) => url === '/api/v2.0/projects' && init?.method === 'POST',
    )!;
    expect(JSON.parse(String(init?.body))).toEqual({
      project_name: 'dockerhub',
      public: false,
      storage_limit: -1,
      registry_id: 7,
      metadata: { proxy_speed_kb: '2048', public: 'false' },
    });
  });
});
