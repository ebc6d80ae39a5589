import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { CALLERS, ROLE_OF, type Caller } from './support/callers.js';
import { expectArtifactSchema, startArtifactStack, type ArtifactStack } from './support/artifact-stack.js';
import { expectSchema } from './support/swagger-schema.js';

interface Fixture {
  v1: string; // digest of matrix/app:v1
  hidden: string; // digest of other/hidden:v1
  ownLabel: (caller: Caller) => number; // a label of matrix, one per caller
  removableLabel: (caller: Caller) => number; // a label of matrix already on app:v1, one per caller
  otherLabel: number; // a label of project "other"
}
interface Row {
  name: string;
  method: string;
  path: (f: Fixture, caller: Caller) => string;
  body?: (f: Fixture, caller: Caller) => unknown;
  schema?: 'Artifact' | 'Artifact[]' | 'Tag[]';
  //        admin pa   maint dev  guest lg   non  anon
  expected: [number, number, number, number, number, number, number, number];
}

const low = (caller: Caller) => caller.toLowerCase();
const APP = '/projects/matrix/repositories/app/artifacts';

// prettier-ignore
const ROWS: Row[] = [
  { name: 'list artifacts', method: 'GET', path: () => APP, schema: 'Artifact[]', expected: [200, 200, 200, 200, 200, 200, 403, 401] },
  { name: 'get artifact', method: 'GET', path: () => `${APP}/v1?with_label=true&with_accessory=true`, schema: 'Artifact', expected: [200, 200, 200, 200, 200, 200, 403, 401] },
  { name: 'list public artifacts', method: 'GET', path: () => '/projects/open/repositories/app/artifacts', schema: 'Artifact[]', expected: [200, 200, 200, 200, 200, 200, 200, 200] },
  { name: 'get public artifact', method: 'GET', path: () => '/projects/open/repositories/app/artifacts/v1', schema: 'Artifact', expected: [200, 200, 200, 200, 200, 200, 200, 200] },
  { name: 'delete public artifact', method: 'DELETE', path: () => '/projects/open/repositories/app/artifacts/v1', expected: [200, 403, 403, 403, 403, 403, 403, 401] },
  { name: "another repository's artifact by digest", method: 'GET', path: (f) => `${APP}/${f.hidden}`, expected: [404, 404, 404, 404, 404, 404, 403, 401] },
  { name: "another project's repository through matrix", method: 'GET', path: () => '/projects/matrix/repositories/other%252Fhidden/artifacts/v1', expected: [404, 404, 404, 404, 404, 404, 403, 401] },
  { name: 'delete artifact', method: 'DELETE', path: (_f, c) => `/projects/matrix/repositories/del-${low(c)}/artifacts/v1`, expected: [200, 200, 200, 403, 403, 403, 403, 401] },
  { name: "delete another project's artifact by digest", method: 'DELETE', path: (f) => `${APP}/${f.hidden}`, expected: [404, 404, 404, 403, 403, 403, 403, 401] },
  { name: 'list tags', method: 'GET', path: () => `${APP}/v1/tags`, schema: 'Tag[]', expected: [200, 200, 200, 200, 200, 200, 403, 401] },
  { name: 'create tag', method: 'POST', path: () => `${APP}/v1/tags`, body: (_f, c) => ({ name: `t-${low(c)}` }), expected: [201, 201, 201, 201, 403, 403, 403, 401] },
  { name: 'delete tag', method: 'DELETE', path: (_f, c) => `${APP}/v1/tags/d-${low(c)}`, expected: [200, 200, 200, 403, 403, 403, 403, 401] },
  { name: 'add label', method: 'POST', path: () => `${APP}/v1/labels`, body: (f, c) => ({ id: f.ownLabel(c) }), expected: [200, 200, 200, 200, 403, 403, 403, 401] },
  { name: "add another project's label", method: 'POST', path: () => `${APP}/v1/labels`, body: (f) => ({ id: f.otherLabel }), expected: [404, 404, 404, 404, 403, 403, 403, 401] },
  { name: 'remove label', method: 'DELETE', path: (f, c) => `${APP}/v1/labels/${f.removableLabel(c)}`, expected: [200, 200, 200, 200, 403, 403, 403, 401] },
  { name: "remove a label from another project's artifact", method: 'DELETE', path: (f) => `/projects/other/repositories/hidden/artifacts/v1/labels/${f.otherLabel}`, expected: [200, 403, 403, 403, 403, 403, 403, 401] },
];

describe('artifact API role × endpoint matrix', () => {
  let stack: ArtifactStack;
  let fixture: Fixture;
  const credentials = new Map<Caller, Credentials | undefined>();

  beforeAll(async () => {
    stack = await startArtifactStack('artifact-roles');
    const base = stack.core.baseUrl;
    const matrix = await createProject(base, 'matrix');
    const other = await createProject(base, 'other');
    await createProject(base, 'open', { public: true });
    credentials.set('admin', ADMIN);
    credentials.set('anonymous', undefined);
    for (const caller of CALLERS) {
      if (caller === 'admin' || caller === 'anonymous') continue;
      credentials.set(caller, await createUser(base, low(caller)));
      const role = ROLE_OF[caller];
      if (role) await addMember(base, matrix, low(caller), role);
    }
    const app = await stack.client('matrix/app');
    const v1 = await app.pushImage('matrix/app', 'v1');
    await (await stack.client('open/app')).pushImage('open/app', 'v1');
    const hidden = await (await stack.client('other/hidden')).pushImage('other/hidden', 'v1');
    const label = async (name: string, projectId: number) => {
      const created = await api(base, 'POST', '/labels', {
        as: ADMIN,
        body: { name, scope: 'p', project_id: projectId },
      });
      return Number(created.headers.get('location')?.split('/').pop());
    };
    const own = new Map<Caller, number>();
    const removable = new Map<Caller, number>();
    for (const caller of CALLERS) {
      await (await stack.client(`matrix/del-${low(caller)}`)).pushImage(`matrix/del-${low(caller)}`, 'v1');
      const tagged = await api(base, 'POST', `${APP}/v1/tags`, {
        as: ADMIN,
        body: { name: `d-${low(caller)}` },
      });
      expect(tagged.status).toBe(201);
      own.set(caller, await label(`own-${low(caller)}`, matrix));
      removable.set(caller, await label(`rm-${low(caller)}`, matrix));
      expect(
        (await api(base, 'POST', `${APP}/v1/labels`, { as: ADMIN, body: { id: removable.get(caller) } }))
          .status,
      ).toBe(200);
    }
    const otherLabel = await label('other-label', other);
    expect(
      (
        await api(base, 'POST', '/projects/other/repositories/hidden/artifacts/v1/labels', {
          as: ADMIN,
          body: { id: otherLabel },
        })
      ).status,
    ).toBe(200);
    fixture = {
      v1: v1.digest,
      hidden: hidden.digest,
      ownLabel: (c) => own.get(c)!,
      removableLabel: (c) => removable.get(c)!,
      otherLabel,
    };
  }, 120_000);
  afterAll(() => stack?.close());

  const cells = ROWS.flatMap((row) =>
    CALLERS.map((caller, i) => ({ row, caller, expected: row.expected[i]! })),
  );
  it.each(cells.map((cell) => [cell.row.name, cell.caller, cell.expected, cell] as const))(
    '%s as %s → %i',
    async (_name, caller, expected, { row }) => {
      const response = await api(stack.core.baseUrl, row.method, row.path(fixture, caller), {
        as: credentials.get(caller),
        body: row.body?.(fixture, caller),
      });
      expect(response.status, JSON.stringify(response.body)).toBe(expected);
      if (expected >= 400) expect(response.body.errors[0].code).toMatch(/UNAUTHORIZED|FORBIDDEN|NOT_FOUND/);
      const schema = expected === 200 ? row.schema : undefined;
      if (schema === 'Tag[]') expectSchema(response.body, schema);
      else if (schema) expectArtifactSchema(response.body, schema);
    },
  );

  it("never put another project's label on matrix/app:v1", async () => {
    const app = await api(stack.core.baseUrl, 'GET', `${APP}/v1?with_label=true`, { as: ADMIN });
    expect(app.body.labels.map((l: { name: string }) => l.name)).not.toContain('other-label');
  });
});
