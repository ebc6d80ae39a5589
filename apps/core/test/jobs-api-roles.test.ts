import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimTask, createExecution, Trigger } from '@harbor-ts/db';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { expectSchema } from './support/swagger-schema.js';

interface Fixture {
  gc: number;
  purge: number;
  jobId: string;
}
interface Row {
  method: string;
  path: (f: Fixture) => string;
  body?: unknown;
  /** What an admin gets; a signed-in non-admin gets 403 and an anonymous caller 401 everywhere. */
  admin: number;
  schema?: string;
}

const NONE = { schedule: { type: 'None' } };

// prettier-ignore
const ROWS: Row[] = [
  { method: 'GET', path: () => '/system/gc', admin: 200, schema: 'GCHistory[]' },
  { method: 'GET', path: (f) => `/system/gc/${f.gc}`, admin: 200, schema: 'GCHistory' },
  { method: 'GET', path: (f) => `/system/gc/${f.gc}/log`, admin: 200 },
  { method: 'PUT', path: (f) => `/system/gc/${f.gc}`, admin: 200 },
  { method: 'GET', path: () => '/system/gc/schedule', admin: 200 },
  { method: 'POST', path: () => '/system/gc/schedule', body: NONE, admin: 201 },
  { method: 'PUT', path: () => '/system/gc/schedule', body: NONE, admin: 200 },
  { method: 'GET', path: () => '/system/purgeaudit', admin: 200, schema: 'ExecHistory[]' },
  { method: 'GET', path: (f) => `/system/purgeaudit/${f.purge}`, admin: 200, schema: 'ExecHistory' },
  { method: 'GET', path: (f) => `/system/purgeaudit/${f.purge}/log`, admin: 200 },
  { method: 'PUT', path: (f) => `/system/purgeaudit/${f.purge}`, admin: 200 },
  { method: 'GET', path: () => '/system/purgeaudit/schedule', admin: 200 },
  { method: 'POST', path: () => '/system/purgeaudit/schedule', body: NONE, admin: 201 },
  { method: 'PUT', path: () => '/system/purgeaudit/schedule', body: NONE, admin: 200 },
  { method: 'GET', path: () => '/jobservice/pools', admin: 200, schema: 'WorkerPool[]' },
  { method: 'GET', path: () => '/jobservice/pools/all/workers', admin: 200, schema: 'Worker[]' },
  { method: 'GET', path: (f) => `/jobservice/jobs/${f.jobId}/log`, admin: 200 },
  { method: 'PUT', path: (f) => `/jobservice/jobs/${f.jobId}`, admin: 200 },
  { method: 'GET', path: () => '/jobservice/queues', admin: 200, schema: 'JobQueue[]' },
  { method: 'PUT', path: () => '/jobservice/queues/all', body: { action: 'resume' }, admin: 200 },
  { method: 'GET', path: () => '/schedules', admin: 200, schema: 'ScheduleTask[]' },
  { method: 'GET', path: () => '/schedules/all/paused', admin: 200, schema: 'SchedulerStatus' },
];

const CALLERS = ['admin', 'user', 'anonymous'] as const;

describe('GC, log rotation and job service API: system admins only', () => {
  let core: CoreTestApp;
  let fixture: Fixture;
  const credentials = new Map<string, Credentials | undefined>();

  beforeAll(async () => {
    core = await startCore();
    const db = core.app.get(DataSource);
    credentials.set('admin', ADMIN);
    credentials.set('user', await createUser(core.baseUrl, 'plainuser'));
    credentials.set('anonymous', undefined);
    const gc = await createExecution(db, { vendorType: 'GARBAGE_COLLECTION', trigger: Trigger.Manual }, [{}]);
    const purge = await createExecution(db, { vendorType: 'PURGE_AUDIT_LOG', trigger: Trigger.Manual }, [{}]);
    await claimTask(db, purge.taskIds[0]!, 'roles-job');
    fixture = { gc: gc.executionId, purge: purge.executionId, jobId: 'roles-job' };
  });
  afterAll(() => core.close());

  const cells = ROWS.flatMap((row) =>
    CALLERS.map(
      (caller) => [`${row.method} ${row.path({ gc: 1, purge: 2, jobId: 'j' })}`, caller, row] as const,
    ),
  );
  it.each(cells)('%s as %s', async (_name, caller, row) => {
    const expected = caller === 'admin' ? row.admin : caller === 'user' ? 403 : 401;
    const response = await api(core.baseUrl, row.method, row.path(fixture), {
      as: credentials.get(caller),
      body: row.body,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(expected);
    if (expected >= 400)
      expect(response.body.errors[0].code).toBe(expected === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN');
    if (expected === 200 && row.schema) expectSchema(response.body, row.schema);
  });
});
