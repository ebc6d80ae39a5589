import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ADMIN, api, type Credentials } from './support/harbor-client.js';
import { addMember, createProject, createUser } from './support/fixtures.js';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { definitionFields, expectSchema } from './support/swagger-schema.js';

/** A scanner adapter answering the scanner API's metadata call, recording the headers it got. */
async function startAdapter(name: string) {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url !== '/api/v1/metadata') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/vnd.scanner.adapter.metadata+json; version=1.0' });
    res.end(
      JSON.stringify({
        scanner: { name, vendor: 'harbor-ts tests', version: '1.2.3' },
        capabilities: [
          {
            type: 'vulnerability',
            consumes_mime_types: ['application/vnd.docker.distribution.manifest.v2+json'],
            produces_mime_types: ['application/vnd.security.vulnerability.report; version=1.1'],
          },
          {
            type: 'sbom',
            consumes_mime_types: ['application/vnd.docker.distribution.manifest.v2+json'],
            produces_mime_types: ['application/vnd.security.vulnerability.report; version=1.1'],
          },
        ],
        properties: { 'harbor.scanner-adapter/registry-authorization-type': 'Bearer' },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('scanner registrations (/scanners, /projects/{p}/scanner)', () => {
  let core: CoreTestApp;
  let db: DataSource;
  let first: Awaited<ReturnType<typeof startAdapter>>;
  let second: Awaited<ReturnType<typeof startAdapter>>;
  let guest: Credentials;
  let owner: Credentials;
  let projectId: number;

  beforeAll(async () => {
    core = await startCore();
    db = core.app.get(DataSource);
    first = await startAdapter('First');
    second = await startAdapter('Second');
    guest = await createUser(core.baseUrl, 'guest');
    owner = await createUser(core.baseUrl, 'owner');
    projectId = await createProject(core.baseUrl, 'scanned');
    await addMember(core.baseUrl, projectId, 'guest', 3);
    await addMember(core.baseUrl, projectId, 'owner', 1);
  });
  afterAll(async () => {
    await core?.close();
    await first?.close();
    await second?.close();
  });

  const create = (body: Record<string, unknown>, as: Credentials = ADMIN) =>
    api(core.baseUrl, 'POST', '/scanners', { as, body });

  it('is for system admins only', async () => {
    expect((await api(core.baseUrl, 'GET', '/scanners')).status).toBe(401);
    expect((await api(core.baseUrl, 'GET', '/scanners', { as: owner })).status).toBe(403);
    expect((await create({ name: 'x', url: first.url }, owner)).status).toBe(403);
  });

  it('registers a scanner after pinging it; the first one becomes the default; the credential never comes back', async () => {
    const created = await create({
      name: 'first',
      url: `${first.url}/`,
      auth: 'Bearer',
      access_credential: 'token-one',
      description: 'the first',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/api\/v2\.0\/scanners\/[0-9a-f-]{36}$/);
    expect(first.seen.at(-1)).toMatchObject({
      authorization: 'Bearer token-one',
      accept: 'application/vnd.scanner.adapter.metadata+json; version=1.0',
    });

    const got = await api(core.baseUrl, 'GET', location.replace('/api/v2.0', ''), { as: ADMIN });
    expect(got.status).toBe(200);
    expectSchema(got.body, 'ScannerRegistration');
    expect(Object.keys(got.body).every((key) => definitionFields('ScannerRegistration').includes(key))).toBe(
      true,
    );
    expect(got.body).toMatchObject({
      name: 'first',
      url: first.url,
      description: 'the first',
      auth: 'Bearer',
      is_default: true,
      disabled: false,
      health: 'healthy',
      adapter: 'First',
      vendor: 'harbor-ts tests',
      version: '1.2.3',
      capabilities: { support_vulnerability: true, support_sbom: true },
    });
    expect(got.body).not.toHaveProperty('access_credential');
    expect(JSON.stringify(got.body)).not.toContain('token-one');
    const [stored] = await db.query('SELECT access_cred FROM scanner_registration WHERE name = $1', [
      'first',
    ]);
    expect(stored.access_cred).toMatch(/^v1:/);
    expect(stored.access_cred).not.toContain('token-one');
  });

  it('refuses bad settings with a clear 400 or 409, and stores nothing', async () => {
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ name: 'down', url: await deadUrl() }, 400, /failed to ping the scanner: .*ECONNREFUSED/],
      [{ name: 'metadata', url: 'http://169.254.169.254' }, 400, /not an allowed address/],
      [{ name: 'ftp', url: 'ftp://scanner' }, 400, /invalid HTTP scheme ftp/],
      [{ name: 'Trivy', url: second.url }, 400, /name "Trivy" is reserved/],
      [
        { name: 'nocred', url: second.url, auth: 'Basic' },
        400,
        /access_credential is required for auth type Basic/,
      ],
      [{ name: 'weird', url: second.url, auth: 'Digest', access_credential: 'x' }, 400, /auth/],
      [{ name: 'first', url: second.url }, 409, /registration name or url already exists/],
      [{ name: 'same-url', url: first.url }, 409, /registration name or url already exists/],
      [{ url: second.url }, 400, /name/],
    ];
    for (const [body, status, message] of cases) {
      const refused = await create(body);
      expect(refused.status, JSON.stringify(body)).toBe(status);
      expect(refused.body.errors[0].message).toMatch(message);
    }
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM scanner_registration');
    expect(n).toBe(1);
  });

  it('pings settings without saving them', async () => {
    const pinged = await api(core.baseUrl, 'POST', '/scanners/ping', {
      as: ADMIN,
      body: { name: 'probe', url: second.url, auth: 'APIKey', access_credential: 'k' },
    });
    expect(pinged.status).toBe(200);
    expect(second.seen.at(-1)).toMatchObject({ 'x-scanneradapter-api-key': 'k' });
    const down = await api(core.baseUrl, 'POST', '/scanners/ping', {
      as: ADMIN,
      body: { name: 'probe', url: await deadUrl() },
    });
    expect(down.status).toBe(400);
  });

  it('keeps the stored credential when an update leaves it empty, and switches the default', async () => {
    const created = await create({
      name: 'second',
      url: second.url,
      auth: 'Basic',
      access_credential: 'u:p',
    });
    expect(created.status).toBe(201);
    const uuid = created.headers.get('location')!.split('/').pop()!;
    const list = await api(core.baseUrl, 'GET', '/scanners?sort=name', { as: ADMIN });
    expect(list.headers.get('x-total-count')).toBe('2');
    expect(list.body.map((r: { name: string; is_default: boolean }) => [r.name, r.is_default])).toEqual([
      ['first', true],
      ['second', false],
    ]);

    const updated = await api(core.baseUrl, 'PUT', `/scanners/${uuid}`, {
      as: ADMIN,
      body: { name: 'second', url: second.url, auth: 'Basic', description: 'renamed' },
    });
    expect(updated.status).toBe(200);
    second.seen.length = 0;
    const metadata = await api(core.baseUrl, 'GET', `/scanners/${uuid}/metadata`, { as: ADMIN });
    expect(metadata.status).toBe(200);
    expectSchema(metadata.body, 'ScannerAdapterMetadata');
    expect(metadata.body.scanner).toEqual({ name: 'Second', vendor: 'harbor-ts tests', version: '1.2.3' });
    expect(second.seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);

    expect(
      (await api(core.baseUrl, 'PATCH', `/scanners/${uuid}`, { as: ADMIN, body: { is_default: true } }))
        .status,
    ).toBe(200);
    const defaults = await db.query('SELECT name FROM scanner_registration WHERE is_default');
    expect(defaults).toEqual([{ name: 'second' }]);
    const disableDefault = await api(core.baseUrl, 'PUT', `/scanners/${uuid}`, {
      as: ADMIN,
      body: { name: 'second', url: second.url, auth: 'Basic', disabled: true },
    });
    expect(disableDefault.status).toBe(400);
    expect(disableDefault.body.errors[0].message).toContain('can not be marked to deactivated');
  });

  it("serves a project's scanner: its own, else the default; guests read, project admins choose", async () => {
    const byDefault = await api(core.baseUrl, 'GET', `/projects/${projectId}/scanner`, { as: guest });
    expect(byDefault.status).toBe(200);
    expect(byDefault.body).toMatchObject({ name: 'second', is_default: true });
    expect(JSON.stringify(byDefault.body)).not.toContain('u:p');

    const [{ uuid: firstUuid }] = await db.query(
      `SELECT uuid FROM scanner_registration WHERE name = 'first'`,
    );
    const byGuest = await api(core.baseUrl, 'PUT', `/projects/${projectId}/scanner`, {
      as: guest,
      body: { uuid: firstUuid },
    });
    expect(byGuest.status).toBe(403);
    expect(
      (await api(core.baseUrl, 'GET', `/projects/${projectId}/scanner/candidates`, { as: guest })).status,
    ).toBe(403);
    const unknown = await api(core.baseUrl, 'PUT', `/projects/${projectId}/scanner`, {
      as: owner,
      body: { uuid: '00000000-0000-0000-0000-000000000000' },
    });
    expect(unknown.status).toBe(404);
    const chosen = await api(core.baseUrl, 'PUT', '/projects/scanned/scanner', {
      as: owner,
      body: { uuid: firstUuid },
      headers: { 'x-is-resource-name': 'true' },
    });
    expect(chosen.status).toBe(200);
    const own = await api(core.baseUrl, 'GET', `/projects/${projectId}/scanner`, { as: guest });
    expect(own.body).toMatchObject({ uuid: firstUuid, name: 'first', is_default: false });
    const candidates = await api(core.baseUrl, 'GET', `/projects/${projectId}/scanner/candidates`, {
      as: owner,
    });
    expect(candidates.body.map((r: { name: string }) => r.name).sort()).toEqual(['first', 'second']);
    const outsider = await createUser(core.baseUrl, 'outsider');
    expect((await api(core.baseUrl, 'GET', `/projects/${projectId}/scanner`, { as: outsider })).status).toBe(
      403,
    );
    expect((await api(core.baseUrl, 'GET', '/projects/999999/scanner', { as: ADMIN })).status).toBe(404);

    // Deleting the project's scanner puts the project back on the default.
    const deleted = await api(core.baseUrl, 'DELETE', `/scanners/${firstUuid}`, { as: ADMIN });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ uuid: firstUuid, name: 'first' });
    const fallback = await api(core.baseUrl, 'GET', `/projects/${projectId}/scanner`, { as: guest });
    expect(fallback.body).toMatchObject({ name: 'second' });
  });

  it('answers 503 for the metadata of a scanner that stopped answering, and shows it unhealthy', async () => {
    const [{ uuid }] = await db.query(`SELECT uuid FROM scanner_registration WHERE name = 'second'`);
    const moved = await api(core.baseUrl, 'PUT', `/scanners/${uuid}`, {
      as: ADMIN,
      body: { name: 'second', url: await deadUrl(), auth: 'Basic' },
    });
    expect(moved.status).toBe(200);
    const metadata = await api(core.baseUrl, 'GET', `/scanners/${uuid}/metadata`, { as: ADMIN });
    expect(metadata.status).toBe(503);
    expect(metadata.body.errors[0].message).toMatch(/scanner second is not available/);
    const got = await api(core.baseUrl, 'GET', `/scanners/${uuid}`, { as: ADMIN });
    expect(got.body).toMatchObject({ health: 'unhealthy' });
    expect(got.body).not.toHaveProperty('capabilities');
  });

  it('refuses to change or delete the immutable registration install made', async () => {
    await db.query(`UPDATE scanner_registration SET immutable = true WHERE name = 'second'`);
    const [{ uuid }] = await db.query(`SELECT uuid FROM scanner_registration WHERE name = 'second'`);
    const deleted = await api(core.baseUrl, 'DELETE', `/scanners/${uuid}`, { as: ADMIN });
    expect(deleted.status).toBe(403);
    expect(deleted.body.errors[0].message).toBe(
      'registration second is not allowed to delete as it is immutable: scanner API: delete',
    );
    const updated = await api(core.baseUrl, 'PUT', `/scanners/${uuid}`, {
      as: ADMIN,
      body: { name: 'second', url: second.url },
    });
    expect(updated.status).toBe(403);
    expect((await api(core.baseUrl, 'GET', '/scanners/nope', { as: ADMIN })).status).toBe(404);
  });
});
