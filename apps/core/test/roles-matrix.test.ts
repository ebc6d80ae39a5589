import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { CALLERS, ROLE_OF, type Caller } from './support/callers.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';

interface Fixture {
  p: number; // the private project every role is a member of
  pub: number; // a public project nobody but admin belongs to
  mid: number; // a guest member of p, target of member reads and updates
}
interface Row {
  name: string;
  method: string;
  path: (f: Fixture, caller: Caller) => string;
  body?: (f: Fixture, caller: Caller) => unknown;
  //        admin pa   maint dev  guest lg   non  anon
  expected: [number, number, number, number, number, number, number, number];
}

// One row per endpoint, one column per caller: kept as a table.
// prettier-ignore
const ROWS: Row[] = [
  { name: 'get project', method: 'GET', path: (f) => `/projects/${f.p}`, expected: [200, 200, 200, 200, 200, 200, 403, 401] },
  { name: 'project summary', method: 'GET', path: (f) => `/projects/${f.p}/summary`, expected: [200, 200, 200, 200, 200, 200, 403, 401] },
  {
    name: 'update project',
    method: 'PUT',
    path: (f) => `/projects/${f.p}`,
    body: () => ({ metadata: { auto_scan: 'true' } }),
    expected: [200, 200, 403, 403, 403, 403, 403, 401],
  },
  { name: 'project deletable', method: 'GET', path: (f) => `/projects/${f.p}/_deletable`, expected: [200, 200, 403, 403, 403, 403, 403, 401] },
  { name: 'list members', method: 'GET', path: (f) => `/projects/${f.p}/members`, expected: [200, 200, 200, 200, 200, 403, 403, 401] },
  { name: 'get member', method: 'GET', path: (f) => `/projects/${f.p}/members/${f.mid}`, expected: [200, 200, 200, 200, 200, 403, 403, 401] },
  {
    name: 'add member',
    method: 'POST',
    path: (f) => `/projects/${f.p}/members`,
    body: (_f, caller) => ({ role_id: 3, member_user: { username: `target-${caller.toLowerCase()}` } }),
    expected: [201, 201, 403, 403, 403, 403, 403, 401],
  },
  {
    name: 'update member role',
    method: 'PUT',
    path: (f) => `/projects/${f.p}/members/${f.mid}`,
    body: () => ({ role_id: 3 }),
    expected: [200, 200, 403, 403, 403, 403, 403, 401],
  },
  { name: 'list metadata', method: 'GET', path: (f) => `/projects/${f.p}/metadatas/`, expected: [200, 200, 200, 403, 403, 403, 403, 401] },
  {
    name: 'update metadata',
    method: 'PUT',
    path: (f) => `/projects/${f.p}/metadatas/auto_scan`,
    body: () => ({ auto_scan: 'false' }),
    expected: [200, 200, 200, 403, 403, 403, 403, 401],
  },
  { name: 'list robots', method: 'GET', path: (f) => `/robots?q=Level%3Dproject,ProjectID%3D${f.p}`, expected: [200, 200, 200, 200, 200, 403, 403, 401] },
  {
    name: 'create robot',
    method: 'POST',
    path: () => '/robots',
    body: (_f, caller) => ({
      name: `bot-${caller.toLowerCase()}`,
      level: 'project',
      duration: 30,
      permissions: [{ kind: 'project', namespace: 'matrix', access: [{ resource: 'repository', action: 'pull' }] }],
    }),
    expected: [201, 201, 403, 403, 403, 403, 403, 401],
  },
  { name: 'list users', method: 'GET', path: () => '/users', expected: [200, 403, 403, 403, 403, 403, 403, 401] },
  { name: 'current user', method: 'GET', path: () => '/users/current', expected: [200, 200, 200, 200, 200, 200, 200, 401] },
  { name: 'get public project', method: 'GET', path: (f) => `/projects/${f.pub}`, expected: [200, 200, 200, 200, 200, 200, 200, 200] },
  { name: 'public project members', method: 'GET', path: (f) => `/projects/${f.pub}/members`, expected: [200, 403, 403, 403, 403, 403, 403, 401] },
];

describe('role × endpoint matrix', () => {
  let core: CoreTestApp;
  let fixture: Fixture;
  const credentials = new Map<Caller, Credentials | undefined>();
  beforeAll(async () => {
    core = await startCore();
    const p = await createProject(core.baseUrl, 'matrix');
    const pub = await createProject(core.baseUrl, 'matrix-public', { public: true });
    credentials.set('admin', ADMIN);
    credentials.set('anonymous', undefined);
    for (const caller of CALLERS.filter((c) => c !== 'admin' && c !== 'anonymous')) {
      credentials.set(caller, await createUser(core.baseUrl, caller.toLowerCase()));
      await createUser(core.baseUrl, `target-${caller.toLowerCase()}`);
      const role = ROLE_OF[caller];
      if (role) await addMember(core.baseUrl, p, caller.toLowerCase(), role);
    }
    await createUser(core.baseUrl, 'target-admin');
    await createUser(core.baseUrl, 'target-anonymous');
    await createUser(core.baseUrl, 'member-target');
    const mid = await addMember(core.baseUrl, p, 'member-target', 3);
    fixture = { p, pub, mid };
  });
  afterAll(() => core.close());

  const cells = ROWS.flatMap((row) =>
    CALLERS.map((caller, i) => ({ row, caller, expected: row.expected[i]! })),
  );
  it.each(cells.map((cell) => [cell.row.name, cell.caller, cell.expected, cell] as const))(
    '%s as %s → %i',
    async (_name, caller, expected, { row }) => {
      const response = await api(core.baseUrl, row.method, row.path(fixture, caller), {
        as: credentials.get(caller),
        body: row.body?.(fixture, caller),
      });
      expect(response.status, JSON.stringify(response.body)).toBe(expected);
      if (expected >= 400) expect(response.body.errors[0].code).toMatch(/UNAUTHORIZED|FORBIDDEN/);
    },
  );
});
