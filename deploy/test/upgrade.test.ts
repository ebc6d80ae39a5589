import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HARBORCTL,
  INSTALL,
  PREPARE,
  REPO_ROOT,
  freePort,
  processesMentioning,
  removeDir,
  run,
  runSync,
  tempDir,
  writeHarborYml,
} from './support/harness.js';

// The data an earlier harbor-ts (commit 1a26017, before the user-group, OIDC, immutability, webhook,
// retention and replication migrations) left in its data_volume: made by
// fixtures/make-upgrade-fixture.sh, which also records the plain secrets it created.
const FIXTURE = join(REPO_ROOT, 'deploy/test/fixtures/upgrade-1a26017');

interface Fixture {
  user: { username: string; password: string; email: string };
  project: string;
  robot: { name: string; secret: string };
  scanner: { name: string; auth: string; access_credential: string };
  image: { repository: string; tag: string; digest: string };
}

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Stands in for the scanner adapter and the webhook receiver the old instance was configured with. */
async function startPeer() {
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.setHeader('content-type', 'application/vnd.scanner.adapter.metadata+json; version=1.0');
      response.end(JSON.stringify(SCANNER_METADATA));
    });
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () => new Promise((done) => server.close(done)),
  };
}

const SCANNER_METADATA = {
  scanner: { name: 'Legacy', vendor: 'upgrade-test', version: '1.0' },
  capabilities: [
    {
      type: 'vulnerability',
      consumes_mime_types: [
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.v2+json',
      ],
      produces_mime_types: ['application/vnd.security.vulnerability.report; version=1.1'],
    },
  ],
};

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ADMIN = basic('admin', 'Harbor12345');

describe('./install.sh --native over a data_volume of an earlier harbor-ts', () => {
  const fixture = JSON.parse(readFileSync(`${FIXTURE}.json`, 'utf8')) as Fixture;
  let dir: string;
  let conf: string;
  let base: string;
  let host: string;
  let peer: Awaited<ReturnType<typeof startPeer>>;

  const api = async (path: string, init: RequestInit = {}, auth = ADMIN) => {
    const response = await fetch(`${base}/api/v2.0${path}`, {
      ...init,
      headers: { authorization: auth, 'content-type': 'application/json', ...init.headers },
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const robotCreds = () => `${fixture.robot.name}:${fixture.robot.secret}`;

  beforeAll(async () => {
    dir = tempDir('hts-upg-');
    const port = await freePort();
    host = `127.0.0.1:${port}`;
    base = `http://${host}`;
    conf = writeHarborYml({ dir, httpPort: port });
    peer = await startPeer();

    // The old data_volume: its secret keys and registry storage, then its database.
    const dataVolume = join(dir, 'data');
    mkdirSync(dataVolume, { recursive: true });
    expect(runSync('tar', ['-xzf', `${FIXTURE}.tar.gz`, '-C', dataVolume]).code).toBe(0);
    expect(runSync(PREPARE, ['--native', '--conf', conf]).code).toBe(0);
    const restored = runSync(HARBORCTL, ['--conf', conf, 'restore-database', `${FIXTURE}.sql.gz`]);
    if (restored.code !== 0) console.log(restored.stdout, restored.stderr);
    expect(restored.code).toBe(0);

    const started = Date.now();
    const install = await run(INSTALL, ['--native', '--conf', conf]);
    console.log(
      `install.sh --native over the old data_volume: exit ${install.code} after ${Date.now() - started} ms`,
    );
    if (install.code !== 0) console.log(install.stdout, install.stderr);
    expect(install.code).toBe(0);
  }, 400_000);

  afterAll(async () => {
    runSync(HARBORCTL, ['--conf', conf, 'stop']);
    await peer?.stop();
    removeDir(dir);
  });

  it('ran every schema migration of this release on the old database', () => {
    const shipped = readdirSync(join(REPO_ROOT, 'packages/db/src/migrations'))
      .filter((file) => /^\d+-.*\.ts$/.test(file) && !file.endsWith('.spec.ts'))
      .map((file) => file.split('-')[0]!)
      .sort();
    const query = runSync('bash', [
      '-c',
      `source ${join(dir, 'common/config/native/instance.env')} && ` +
        `psql -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d "$PG_DATABASE" -tAc 'SELECT "timestamp" FROM migrations ORDER BY 1'`,
    ]);
    expect(query.code).toBe(0);
    const applied = query.stdout.trim().split('\n');
    expect(applied).toEqual(shipped);
    expect(applied).toContain('1700000014000'); // the first one the old release did not have
  });

  it('keeps the project, its member and the user, who still signs in with the old password', async () => {
    const projects = await api(`/projects?name=${fixture.project}`);
    expect(
      (projects.body as { name: string; metadata: { public: string } }[]).map((p) => [
        p.name,
        p.metadata.public,
      ]),
    ).toEqual([[fixture.project, 'false']]);
    const me = await api('/users/current', {}, basic(fixture.user.username, fixture.user.password));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: fixture.user.username, email: fixture.user.email });
    const members = await api(`/projects/${fixture.project}/members`);
    expect(members.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity_name: fixture.user.username, role_name: 'developer' }),
      ]),
    );
  });

  it('keeps the image: the robot (old secret) pulls it with skopeo, byte for byte', () => {
    const out = join(dir, 'pulled');
    const pull = runSync('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--src-creds',
      robotCreds(),
      `docker://${host}/${fixture.image.repository}:${fixture.image.tag}`,
      `dir:${out}`,
    ]);
    if (pull.code !== 0) console.log(pull.stderr);
    expect(pull.code).toBe(0);
    const manifest = readFileSync(join(out, 'manifest.json'));
    expect(`sha256:${createHash('sha256').update(manifest).digest('hex')}`).toBe(fixture.image.digest);
    const layer = (JSON.parse(manifest.toString()) as { layers: { digest: string }[] }).layers[0]!;
    const content = runSync('tar', ['-xzOf', join(out, layer.digest.replace('sha256:', '')), 'hello.txt']);
    expect(content.stdout).toBe('pushed before the upgrade\n');
    // A wrong secret is still refused: the login really checks the stored one.
    const wrong = runSync('skopeo', [
      'inspect',
      '--tls-verify=false',
      '--creds',
      `${fixture.robot.name}:not-the-secret`,
      `docker://${host}/${fixture.image.repository}:${fixture.image.tag}`,
    ]);
    expect(wrong.code).not.toBe(0);
  });

  it('lists the artifact with its tag through the API', async () => {
    const [, repository] = fixture.image.repository.split('/');
    const artifacts = await api(
      `/projects/${fixture.project}/repositories/${repository}/artifacts?with_tag=true`,
    );
    expect(artifacts.status).toBe(200);
    const list = artifacts.body as { digest: string; tags: { name: string }[] }[];
    expect(list.map((a) => [a.digest, a.tags.map((t) => t.name)])).toEqual([
      [fixture.image.digest, [fixture.image.tag]],
    ]);
  });

  it('still unseals the scanner credential sealed by the old release', async () => {
    const list = await api(`/scanners?q=name=${fixture.scanner.name}`);
    const [registration] = list.body as { uuid: string; name: string; auth: string }[];
    expect(registration).toMatchObject({ name: fixture.scanner.name, auth: fixture.scanner.auth });
    // Point it at the stand-in without sending the credential: the stored one must be used.
    const moved = await api(`/scanners/${registration!.uuid}`, {
      method: 'PUT',
      body: JSON.stringify({ name: fixture.scanner.name, url: peer.url, auth: fixture.scanner.auth }),
    });
    expect(moved.status).toBe(200);
    const metadata = await api(`/scanners/${registration!.uuid}/metadata`);
    expect(metadata.status).toBe(200);
    const calls = peer.seen.filter((s) => s.path === '/api/v1/metadata');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.at(-1)!.headers.authorization).toBe(`Bearer ${fixture.scanner.access_credential}`);
  });

  it("takes this release's features on the upgraded data: a webhook with an auth header fires on the robot's push", async () => {
    const policy = await api(`/projects/${fixture.project}/webhook/policies`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'after-upgrade',
        enabled: true,
        event_types: ['PUSH_ARTIFACT'],
        targets: [
          {
            type: 'http',
            address: `${peer.url}/hook`,
            auth_header: 'Bearer hook-secret',
            payload_format: 'Default',
          },
        ],
      }),
    });
    expect(policy.status).toBe(201);
    const push = runSync('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      robotCreds(),
      `dir:${join(dir, 'pulled')}`,
      `docker://${host}/${fixture.image.repository}:after-upgrade`,
    ]);
    if (push.code !== 0) console.log(push.stderr);
    expect(push.code).toBe(0);
    const deadline = Date.now() + 30_000;
    let delivery: Seen | undefined;
    while (!delivery && Date.now() < deadline) {
      delivery = peer.seen.find((s) => s.path === '/hook');
      if (!delivery) await sleep(200);
    }
    expect(delivery?.headers.authorization).toBe('Bearer hook-secret');
    expect(delivery?.body).toContain('after-upgrade');
  });

  it('restore-database refuses a running instance and a database that has data', () => {
    const whileRunning = runSync(HARBORCTL, ['--conf', conf, 'restore-database', `${FIXTURE}.sql.gz`]);
    expect(whileRunning.code).toBe(1);
    expect(whileRunning.stderr).toContain('stop the instance first');
    expect(runSync(HARBORCTL, ['--conf', conf, 'stop']).code).toBe(0);
    const overData = runSync(HARBORCTL, ['--conf', conf, 'restore-database', `${FIXTURE}.sql.gz`]);
    expect(overData.code).toBe(1);
    expect(overData.stderr).toMatch(/database registry already has \d+ tables/);
    // It left postgres stopped, as it found it: nothing of the instance runs.
    expect(processesMentioning(dir)).toEqual([]);
  });
});
