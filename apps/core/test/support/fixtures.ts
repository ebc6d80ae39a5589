import { expect } from 'vitest';
import { ADMIN, api, type Credentials } from './harbor-client.js';

/** Creates a user through the API as admin and returns its credentials and id. */
export async function createUser(
  baseUrl: string,
  username: string,
  password = 'Passw0rd1',
): Promise<Credentials & { userId: number }> {
  const created = await api(baseUrl, 'POST', '/users', {
    as: ADMIN,
    body: { username, password, email: `${username}@example.com`, realname: username },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const userId = Number(created.headers.get('location')?.split('/').pop());
  return { username, password, userId };
}

/** Creates a project as `as` (admin by default) and returns its id. */
export async function createProject(
  baseUrl: string,
  name: string,
  options: { public?: boolean; as?: Credentials } = {},
): Promise<number> {
  const created = await api(baseUrl, 'POST', '/projects', {
    as: options.as ?? ADMIN,
    body: { project_name: name, metadata: { public: String(options.public ?? false) } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return Number(created.headers.get('location')?.split('/').pop());
}

export async function addMember(
  baseUrl: string,
  projectId: number,
  username: string,
  roleId: number,
): Promise<number> {
  const added = await api(baseUrl, 'POST', `/projects/${projectId}/members`, {
    as: ADMIN,
    body: { role_id: roleId, member_user: { username } },
  });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  return Number(added.headers.get('location')?.split('/').pop());
}
