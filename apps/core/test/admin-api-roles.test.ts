import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { CALLERS, ROLE_OF, type Caller } from './support/callers.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { seedRepository } from './support/catalog-seed.js';
import { expectSchema } from './support/swagger-schema.js';

interface Fixture {
  p: number; // private project "matrix": every role is a member
  other: number; // private project "other": nobody but admin
  projectLabel: number; // a label of matrix
  otherLabel: number; // a label of other
  globalLabel: number;
  quota: number; // matrix's quota
}
interface Row {
  name: string;
  method: string;
  path: (f: Fixture, caller: Caller) => string;
  body?: (f: Fixture, caller: Caller) => unknown;
  /** Swagger definition a 200 body must match. */
  schema?: string;
  //        admin pa   maint dev  guest lg   non  anon
  expected: [number, number, number, number, number, number, number, number];
}

const low = (caller: Caller) => caller.toLowerCase();

// prettier-ignore
const ROWS: Row[] = [
  { name: 'list project repositories', method: 'GET', path: () => '/projects/matrix/repositories', schema: 'Repository[]', expected: [200, 200, 200, 200, 200, 200, 403, 401] },
  { name: 'list all repositories', method: 'GET', path: () => '/repositories', schema: 'Repository[]', expected: [200, 200, 200, 200, 200, 200, 200, 200] },
  { name: 'get repository', method: 'GET', path: () => '/projects/matrix/repositories/app', schema: 'Repository', expected: [200, 200, 200, 200, 200, 403, 403, 401] },
  { name: "get another project's repository via matrix", method: 'GET', path: () => '/projects/matrix/repositories/hidden', expected: [404, 404, 404, 404, 404, 403, 403, 401] },
  { name: 'update repository', method: 'PUT', path: () => '/projects/matrix/repositories/app', body: () => ({ description: 'd' }), expected: [200, 200, 200, 200, 403, 403, 403, 401] },
  { name: 'delete repository', method: 'DELETE', path: (_f, c) => `/projects/matrix/repositories/del-${low(c)}`, expected: [200, 200, 200, 403, 403, 403, 403, 401] },
  { name: 'project logs', method: 'GET', path: () => '/projects/matrix/logs', schema: 'AuditLog[]', expected: [200, 200, 200, 200, 200, 403, 403, 401] },
  { name: 'audit logs', method: 'GET', path: () => '/audit-logs', schema: 'AuditLog[]', expected: [200, 200, 200, 200, 200, 200, 200, 401] },
  { name: 'list project labels', method: 'GET', path: (f) => `/labels?scope=p&project_id=${f.p}`, schema: 'Label[]', expected: [200, 200, 200, 200, 200, 403, 403, 401] },
  { name: 'create project label', method: 'POST', path: () => '/labels', body: (f, c) => ({ name: `l-${low(c)}`, scope: 'p', project_id: f.p }), expected: [201, 201, 201, 403, 403, 403, 403, 401] },
  { name: 'get project label', method: 'GET', path: (f) => `/labels/${f.projectLabel}`, schema: 'Label', expected: [200, 200, 200, 200, 200, 403, 403, 401] },
  { name: "update another project's label", method: 'PUT', path: (f) => `/labels/${f.otherLabel}`, body: () => ({ name: 'other-label' }), expected: [200, 403, 403, 403, 403, 403, 403, 401] },
  { name: "delete another project's label", method: 'DELETE', path: (f) => `/labels/${f.otherLabel + 1000}`, expected: [404, 404, 404, 404, 404, 404, 404, 401] },
  { name: 'create global label', method: 'POST', path: () => '/labels', body: (_f, c) => ({ name: `g-${low(c)}`, scope: 'g' }), expected: [201, 403, 403, 403, 403, 403, 403, 401] },
  { name: 'get global label', method: 'GET', path: (f) => `/labels/${f.globalLabel}`, schema: 'Label', expected: [200, 200, 200, 200, 200, 200, 200, 401] },
  { name: 'list quotas', method: 'GET', path: () => '/quotas', schema: 'Quota[]', expected: [200, 403, 403, 403, 403, 403, 403, 401] },
  { name: 'get quota', method: 'GET', path: (f) => `/quotas/${f.quota}`, schema: 'Quota', expected: [200, 403, 403, 403, 403, 403, 403, 401] },
  { name: 'update quota', method: 'PUT', path: (f) => `/quotas/${f.quota}`, body: () => ({ hard: { storage: 1 << 30 } }), expected: [200, 403, 403, 403, 403, 403, 403, 401] },
  { name: 'search', method: 'GET', path: () => '/search?q=matrix', schema: 'Search', expected: [200, 200, 200, 200, 200, 200, 200, 200] },
  { name: 'statistics', method: 'GET', path: () => '/statistics', schema: 'Statistic', expected: [200, 200, 200, 200, 200, 200, 200, 401] },
  { name: 'get configurations', method: 'GET', path: () => '/configurations', schema: 'ConfigurationsResponse', expected: [200, 403, 403, 403, 403, 403, 403, 401] },
  { name: 'update configurations', method: 'PUT', path: () => '/configurations', body: () => ({ banner_message: '' }), expected: [200, 403, 403, 403, 403, 403, 403, 401] },
  { name: 'security hub summary', method: 'GET', path: () => '/security/summary', schema: 'SecuritySummary', expected: [200, 403, 403, 403, 403, 403, 403, 401] },
  { name: 'security hub findings', method: 'GET', path: () => '/security/vul', schema: 'VulnerabilityItem[]', expected: [200, 403, 403, 403, 403, 403, 403, 401] },
  { name: 'get CVE allowlist', method: 'GET', path: () => '/system/CVEAllowlist', schema: 'CVEAllowlist', expected: [200, 200, 200, 200, 200, 200, 200, 401] },
  { name: 'put CVE allowlist', method: 'PUT', path: () => '/system/CVEAllowlist', body: () => ({ items: [] }), expected: [200, 403, 403, 403, 403, 403, 403, 401] },
];

describe('admin API role × endpoint matrix', () => {
  let core: CoreTestApp;
  let fixture: Fixture;
  const credentials = new Map<Caller, Credentials | undefined>();
  beforeAll(async () => {
    core = await startCore();
    const db = core.app.get(DataSource);
    const p = await createProject(core.baseUrl, 'matrix');
    const other = await createProject(core.baseUrl, 'other');
    credentials.set('admin', ADMIN);
    credentials.set('anonymous', undefined);
    for (const caller of CALLERS) {
      await seedRepository(db, { id: p, name: 'matrix' }, `del-${low(caller)}`);
      if (caller === 'admin' || caller === 'anonymous') continue;
      credentials.set(caller, await createUser(core.baseUrl, low(caller)));
      const role = ROLE_OF[caller];
      if (role) await addMember(core.baseUrl, p, low(caller), role);
    }
    await seedRepository(db, { id: p, name: 'matrix' }, 'app', 2);
    await seedRepository(db, { id: other, name: 'other' }, 'hidden');
    const label = async (body: unknown) =>
      Number(
        (await api(core.baseUrl, 'POST', '/labels', { as: ADMIN, body })).headers
          .get('location')
          ?.split('/')
          .pop(),
      );
    const [quota] = (await api(core.baseUrl, 'GET', `/quotas?reference_id=${p}`, { as: ADMIN })).body;
    fixture = {
      p,
      other,
      projectLabel: await label({ name: 'pl', scope: 'p', project_id: p }),
      otherLabel: await label({ name: 'ol', scope: 'p', project_id: other }),
      globalLabel: await label({ name: 'gl', scope: 'g' }),
      quota: quota.id,
    };
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
      if (expected >= 400) expect(response.body.errors[0].code).toMatch(/UNAUTHORIZED|FORBIDDEN|NOT_FOUND/);
      if (expected === 200 && row.schema) expectSchema(response.body, row.schema);
    },
  );
});
