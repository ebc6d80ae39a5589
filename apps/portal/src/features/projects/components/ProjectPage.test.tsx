import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../app/router';
import { jsonResponse, renderRoutes, stubFetch } from '../../../test/render';

const project = {
  project_id: 3,
  name: 'team-a',
  repo_count: 0,
  current_user_role_id: 1,
  current_user_role_ids: [1],
  metadata: { public: 'false' },
};

/** A fake core for one project: members, robots and an empty repository list. */
function fakeProjectApi() {
  const robots: unknown[] = [];
  return stubFetch((url, init) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v2.0/users/current')
      return jsonResponse(200, { user_id: 1, username: 'admin', sysadmin_flag: true });
    if (url === '/api/v2.0/systeminfo') return jsonResponse(200, { registry_url: 'harbor.example.com' });
    if (url === '/api/v2.0/projects/3') return jsonResponse(200, project);
    if (url.startsWith('/api/v2.0/projects/team-a/repositories/tools%252Fcli/artifacts'))
      return jsonResponse(
        200,
        [
          {
            id: 5,
            digest: `sha256:${'0123456789ab'.repeat(5)}cdef`,
            size: 1536,
            push_time: '2024-05-01T10:00:00Z',
            tags: [{ id: 1, name: 'v1' }],
            references: [{ child_digest: 'sha256:aa', platform: { os: 'linux', architecture: 'arm64' } }],
          },
        ],
        { 'X-Total-Count': '1' },
      );
    if (url.startsWith('/api/v2.0/projects/team-a/repositories'))
      return jsonResponse(200, [], { 'X-Total-Count': '0' });
    if (url.startsWith('/api/v2.0/projects/3/members'))
      return jsonResponse(
        200,
        [{ id: 1, project_id: 3, entity_name: 'admin', entity_type: 'u', entity_id: 1, role_id: 1 }],
        { 'X-Total-Count': '1' },
      );
    if (url === '/api/v2.0/robots' && method === 'POST') {
      const body = JSON.parse(String(init.body)) as { name: string };
      robots.push({
        id: 9,
        name: `robot$team-a+${body.name}`,
        level: 'project',
        duration: -1,
        disable: false,
        expires_at: -1,
        permissions: [],
      });
      return jsonResponse(201, {
        id: 9,
        name: `robot$team-a+${body.name}`,
        secret: 'S3cretS3cretS3cretS3cretS3cret12',
      });
    }
    if (url.startsWith('/api/v2.0/robots?'))
      return jsonResponse(200, robots, { 'X-Total-Count': String(robots.length) });
    return jsonResponse(404, { errors: [{ code: 'NOT_FOUND', message: `no ${url}` }] });
  });
}

describe('project page', () => {
  it('opens the tab named in the URL and lists members', async () => {
    fakeProjectApi();
    renderRoutes(routes, '/harbor/projects/3/members');

    expect(await screen.findByRole('heading', { name: /team-a/ })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Members' }).getAttribute('aria-current')).toBe('page');
    expect(await screen.findByRole('combobox', { name: 'Role of admin' })).toBeTruthy();
  });

  it('tells how to push into an empty project, with this registry host', async () => {
    fakeProjectApi();
    renderRoutes(routes, '/harbor/projects/3/repositories');

    expect(await screen.findByText('docker push harbor.example.com/team-a/REPOSITORY[:TAG]')).toBeTruthy();
    expect(screen.getByText('docker login harbor.example.com')).toBeTruthy();
  });

  it("lists a nested repository's artifacts with digest, tags, size, platforms and the pull command", async () => {
    fakeProjectApi();
    renderRoutes(routes, '/harbor/projects/3/repositories/tools/cli');

    expect(await screen.findByText('sha256:0123456789ab')).toBeTruthy();
    expect(screen.getByText('v1')).toBeTruthy();
    expect(screen.getByText('1.5 KiB')).toBeTruthy();
    expect(screen.getByText('linux/arm64')).toBeTruthy();
    expect(screen.getByTitle('docker pull harbor.example.com/team-a/tools/cli:v1')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy pull command for tools/cli:v1' })).toBeTruthy();
  });

  it('creates a robot account and shows the secret once', async () => {
    const fetch = fakeProjectApi();
    renderRoutes(routes, '/harbor/projects/3/robots');

    fireEvent.click(await screen.findByRole('button', { name: 'New Robot Account' }));
    const dialog = screen.getByRole('dialog', { name: 'New Robot Account' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'ci' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add' }));

    expect(await screen.findByText('S3cretS3cretS3cretS3cretS3cret12')).toBeTruthy();
    const post = fetch.mock.calls.find(
      ([url, init]) => url === '/api/v2.0/robots' && init?.method === 'POST',
    );
    expect(JSON.parse(String(post?.[1]?.body))).toMatchObject({
      name: 'ci',
      level: 'project',
      duration: -1,
      permissions: [
        {
          kind: 'project',
          namespace: 'team-a',
          access: [
            { resource: 'repository', action: 'pull' },
            { resource: 'repository', action: 'push' },
          ],
        },
      ],
    });
    await waitFor(() => expect(screen.getAllByText('robot$team-a+ci').length).toBeGreaterThan(0));
  });
});
