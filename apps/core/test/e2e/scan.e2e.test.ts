import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { eventually } from '../support/eventually.js';
import { api } from '../support/harbor-client.js';
import { OciClient, registryToken } from '../support/oci-client.js';
import { expectSchema } from '../support/swagger-schema.js';
import { startDockerEngine, type DockerEngine } from './docker-engine.js';
import { OciLayout } from './oci-layout.js';
import { startScannerAdapter } from './scanner-adapter.js';

const exec = promisify(execFile);
const ADMIN = { username: 'admin', password: 'Harbor12345' };
const REPORT_TYPE = 'application/vnd.security.vulnerability.report; version=1.1';

interface Overview {
  report_id: string;
  scan_status: string;
  severity: string;
  summary?: { total: number; fixable: number; summary: Record<string, number> };
  scanner?: { name: string };
}

/**
 * Scanning as a user meets it on the native stack: register a scanner, push, scan, read the overview,
 * the vulnerabilities and the log; the scanner pulls with a robot made for the scan, which is gone
 * afterwards; a scan can be stopped; a scanner that is down ends the scan as Error with the reason.
 */
describe('vulnerability scanning on the native stack', () => {
  let stack: NativeStack;
  let adapter: Awaited<ReturnType<typeof startScannerAdapter>>;
  let engine: DockerEngine;
  const dockerConfig = mkdtempSync(join(tmpdir(), 'docker-scan-'));
  let db: pg.Client;
  let scannerUuid: string;
  const layout = new OciLayout();
  const path = '/projects/scanme/repositories/app/artifacts/v1';

  const overview = async (artifact = path) =>
    (
      await api<{ scan_overview?: Record<string, Overview> }>(
        stack.url,
        'GET',
        `${artifact}?with_scan_overview=true`,
        {
          as: ADMIN,
        },
      )
    ).body.scan_overview?.[REPORT_TYPE];
  async function scanEnds(artifact = path): Promise<Overview> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const current = await overview(artifact);
      if (current && ['Success', 'Error', 'Stopped'].includes(current.scan_status)) return current;
      if (Date.now() > deadline) throw new Error(`scan still ${current?.scan_status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const scanRobots = async () =>
    (await db.query(`SELECT count(*)::int AS n FROM robot WHERE creator_type = 'scan'`)).rows[0].n as number;

  /** Pushes a one-layer image as scanme/<repository>:<tag>, as admin. */
  async function push(tag: string, files: Record<string, string>, repository = 'app') {
    layout.tag(layout.image([layout.layer(files)]), tag);
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `oci:${layout.dir}:${tag}`,
      `docker://${stack.registryHost}/scanme/${repository}:${tag}`,
    ]);
  }
  /**
   * What the registry says when admin pulls scanme/app:<tag>'s manifest ('' when it may). The project
   * policy is cached for up to 2 s, so the answer a change should bring is waited for a little.
   */
  /** docker as admin, logged in to the stack; its own config dir, so nothing leaks to the machine. */
  async function docker(...args: string[]): Promise<{ ok: boolean; out: string }> {
    const env = { ...process.env, DOCKER_HOST: engine.host, DOCKER_CONFIG: dockerConfig };
    return exec('docker', args, { env }).then(
      ({ stdout, stderr }) => ({ ok: true, out: stdout + stderr }),
      (error: { stdout?: string; stderr?: string }) => ({
        ok: false,
        out: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
  }

  async function pullRefusal(tag: string, refused: boolean): Promise<string> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const answer = await exec('skopeo', [
        'inspect',
        '--raw',
        '--tls-verify=false',
        '--creds',
        `${ADMIN.username}:${ADMIN.password}`,
        `docker://${stack.registryHost}/scanme/app:${tag}`,
      ]).then(
        () => '',
        // skopeo quotes the registry's message inside its own, escaping the quotes.
        (error: { stderr?: string }) => (error.stderr ?? String(error)).replaceAll('\\"', '"'),
      );
      if ((answer !== '') === refused || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  beforeAll(async () => {
    [stack, adapter, engine] = await Promise.all([
      startNativeStack(),
      startScannerAdapter(),
      startDockerEngine(),
    ]);
    db = new pg.Client({
      host: join(stack.dir, 'data/run/postgresql'),
      user: 'postgres',
      database: 'registry',
    });
    await db.connect();
    const project = await api(stack.url, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'scanme', metadata: { public: 'false' } },
    });
    expect(project.status).toBe(201);
    layout.tag(layout.image([layout.layer({ 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n' })]), 'v1');
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `oci:${layout.dir}:v1`,
      `docker://${stack.registryHost}/scanme/app:v1`,
    ]);
    const login = await docker('login', stack.registryHost, '-u', ADMIN.username, '-p', ADMIN.password);
    expect(login.out).toContain('Login Succeeded');
    const registered = await api(stack.url, 'POST', '/scanners', {
      as: ADMIN,
      body: { name: 'test scanner', url: adapter.url },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    scannerUuid = registered.headers.get('location')!.split('/').pop()!;
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    await adapter?.close();
    await engine?.stop();
    rmSync(dockerConfig, { recursive: true, force: true });
  }, 60_000);

  it('scans an image: overview, vulnerabilities and log; the scanner pulled it with a robot that is gone after', async () => {
    expect(await overview()).toBeUndefined();
    await push('v1', { 'etc/hostname': 'a sibling\n' }, 'sibling');
    adapter.state.probe = 'scanme/sibling:v1';
    const started = await api(stack.url, 'POST', `${path}/scan`, { as: ADMIN });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await scanEnds();
    expect(done, JSON.stringify(done)).toMatchObject({
      scan_status: 'Success',
      severity: 'High',
      summary: { total: 2, fixable: 1, summary: { High: 1, Low: 1 } },
      scanner: { name: 'TestScanner' },
    });
    expectSchema(done, 'NativeReportSummary');

    const [seen] = adapter.scans();
    expect(seen!.request.registry.authorization).toMatch(/^Basic /);
    const robotName = Buffer.from(seen!.request.registry.authorization.slice(6), 'base64')
      .toString()
      .split(':')[0];
    expect(robotName).toMatch(/^robot\$scanme\+scanner-/);
    // The scan's robot pulls the scanned repository and nothing else, even in the same project.
    expect(seen!.pulled).toMatchObject({ manifest: 200, config: 200, probe: 401 });
    expect(seen!.request.artifact.repository).toBe('scanme/app');
    expect(await scanRobots()).toBe(0);
    adapter.state.probe = undefined;

    const vulnerabilities = await api(stack.url, 'GET', `${path}/additions/vulnerabilities`, { as: ADMIN });
    expect(vulnerabilities.status).toBe(200);
    const report = vulnerabilities.body[REPORT_TYPE];
    expect(report.vulnerabilities.map((v: { id: string }) => v.id)).toEqual([
      'CVE-2024-0001',
      'CVE-2024-0002',
    ]);
    expect(report.vulnerabilities[0].description).toBe(`found in ${seen!.pulled.configDigest}`);

    const log = await api<string>(stack.url, 'GET', `${path}/scan/${done.report_id}/log`, { as: ADMIN });
    expect(log.status).toBe(200);
    expect(log.body).toContain('report not ready; asking again in 1 s');
    expect(log.body).toContain('found 2 vulnerabilities (1 fixable), severity High');
    expect((await api(stack.url, 'GET', `${path}/scan/nope/log`, { as: ADMIN })).status).toBe(404);
  });

  it('stops a running scan, and refuses a second scan while one runs', async () => {
    adapter.state.hold = true;
    expect((await api(stack.url, 'POST', `${path}/scan`, { as: ADMIN })).status).toBe(202);
    const again = await api(stack.url, 'POST', `${path}/scan`, { as: ADMIN });
    expect(again.status).toBe(409);
    const deadline = Date.now() + 30_000;
    while ((await overview())?.scan_status !== 'Running' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = await api(stack.url, 'POST', `${path}/scan/stop`, {
      as: ADMIN,
      body: { scan_type: 'vulnerability' },
    });
    expect(stopped.status).toBe(202);
    expect((await scanEnds()).scan_status).toBe('Stopped');
    adapter.state.hold = false;
    const robotsGone = Date.now() + 10_000;
    while ((await scanRobots()) > 0 && Date.now() < robotsGone)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await scanRobots()).toBe(0);
  });

  it('scans on push when the project asks for it (auto_scan)', async () => {
    expect(
      (
        await api(stack.url, 'PUT', '/projects/scanme', {
          as: ADMIN,
          body: { metadata: { auto_scan: 'true' } },
        })
      ).status,
    ).toBe(200);
    await push('pushed', { 'etc/hostname': 'auto\n' });
    const done = await scanEnds('/projects/scanme/repositories/app/artifacts/pushed');
    expect(done.scan_status).toBe('Success');
    const pushed = await api<{ digest: string }>(
      stack.url,
      'GET',
      '/projects/scanme/repositories/app/artifacts/pushed',
      {
        as: ADMIN,
      },
    );
    expect(
      adapter.scans().filter((scan) => scan.request.artifact.digest === pushed.body.digest),
    ).toHaveLength(1);
    const [execution] = (
      await db.query(
        `SELECT trigger FROM execution WHERE vendor_type = 'IMAGE_SCAN' ORDER BY id DESC LIMIT 1`,
      )
    ).rows;
    expect(execution.trigger).toBe('EVENT');
    await api(stack.url, 'PUT', '/projects/scanme', {
      as: ADMIN,
      body: { metadata: { auto_scan: 'false' } },
    });
  });

  it('prevents pulling vulnerable or unscanned images until their CVEs are allowlisted; an expired list blocks again', async () => {
    const setProject = async (body: unknown) =>
      expect((await api(stack.url, 'PUT', '/projects/scanme', { as: ADMIN, body })).status).toBe(200);
    await setProject({
      metadata: { prevent_vul: 'true', severity: 'high', reuse_sys_cve_allowlist: 'false' },
    });
    const policy = `due to configured policy in 'Prevent images with vulnerability severity of "High" or higher from running.'`;
    // v1's last scan was stopped; "pushed" holds one High and one Low finding.
    expect(await pullRefusal('v1', true)).toContain(
      `current image with "Stopped" status of vulnerability scanning cannot be pulled ${policy}`,
    );
    expect(await pullRefusal('pushed', true)).toContain(
      `current image with 2 vulnerabilities cannot be pulled ${policy}`,
    );

    // What a docker user sees: the registry's message, as Harbor words it.
    const refusedByDocker = await docker('pull', `${stack.registryHost}/scanme/app:pushed`);
    expect(refusedByDocker.ok).toBe(false);
    expect(refusedByDocker.out).toContain(`current image with 2 vulnerabilities cannot be pulled ${policy}`);

    await setProject({ cve_allowlist: { items: [{ cve_id: 'CVE-2024-0001' }] } });
    expect(await pullRefusal('pushed', false)).toBe('');

    await setProject({
      cve_allowlist: { expires_at: Math.floor(Date.now() / 1000) - 60, items: [{ cve_id: 'CVE-2024-0001' }] },
    });
    expect(await pullRefusal('pushed', true)).toContain(
      'current image with 2 vulnerabilities cannot be pulled',
    );

    // Reusing the system allowlist, which names the CVE and never expires.
    expect(
      (
        await api(stack.url, 'PUT', '/system/CVEAllowlist', {
          as: ADMIN,
          body: { items: [{ cve_id: 'CVE-2024-0001' }] },
        })
      ).status,
    ).toBe(200);
    await setProject({ metadata: { reuse_sys_cve_allowlist: 'true' } });
    expect(await pullRefusal('pushed', false)).toBe('');

    await push('unscanned', { 'etc/hostname': 'never scanned\n' });
    expect(await pullRefusal('unscanned', true)).toContain(
      `current image without vulnerability scanning cannot be pulled ${policy}`,
    );
    // The scanner's own robot still pulls it, so a scan lets it through.
    const unscanned = '/projects/scanme/repositories/app/artifacts/unscanned';
    expect((await api(stack.url, 'POST', `${unscanned}/scan`, { as: ADMIN })).status).toBe(202);
    expect((await scanEnds(unscanned)).scan_status).toBe('Success');
    expect(await pullRefusal('unscanned', false)).toBe('');
    await setProject({ metadata: { prevent_vul: 'false' } });
  });

  it('scans every child of an index, in one execution with a task per child', async () => {
    const token = await registryToken(stack.url, ['repository:scanme/multi:push,pull'], ADMIN);
    const client = OciClient.bearer(stack.url, token);
    const children = await Promise.all(
      ['amd64', 'arm64'].map((architecture) =>
        client.pushImage('scanme/multi', architecture, { architecture }),
      ),
    );
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: children.map((child, i) => ({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: child.digest,
        size: Buffer.byteLength(JSON.stringify(child.manifest)),
        platform: { architecture: ['amd64', 'arm64'][i], os: 'linux' },
      })),
    };
    expect((await client.pushManifest('scanme/multi', 'v1', index, index.mediaType)).status).toBe(201);
    const indexPath = '/projects/scanme/repositories/multi/artifacts/v1';
    expect((await api(stack.url, 'POST', `${indexPath}/scan`, { as: ADMIN })).status).toBe(202);
    for (const child of children) {
      const done = await scanEnds(`/projects/scanme/repositories/multi/artifacts/${child.digest}`);
      expect(done.scan_status).toBe('Success');
      expect(adapter.scans().some((scan) => scan.request.artifact.digest === child.digest)).toBe(true);
    }
    const [execution] = (
      await db.query(
        `SELECT count(t.id)::int AS tasks FROM execution e JOIN task t ON t.execution_id = e.id
          WHERE e.vendor_type = 'IMAGE_SCAN' AND e.vendor_id = (SELECT id FROM artifact WHERE repository_name = 'scanme/multi' AND manifest_media_type LIKE '%index%')
          GROUP BY e.id ORDER BY e.id DESC LIMIT 1`,
      )
    ).rows;
    expect(execution.tasks).toBe(2);
  });

  it('scans all images in batches: metrics while it runs and after, one manual run at a time, a schedule', async () => {
    const token = await registryToken(stack.url, ['repository:scanme/many:push,pull'], ADMIN);
    const client = OciClient.bearer(stack.url, token);
    const tags = Array.from({ length: 200 }, (_, i) => `t${i}`);
    for (let i = 0; i < tags.length; i += 10)
      await Promise.all(tags.slice(i, i + 10).map((tag) => client.pushImage('scanme/many', tag)));
    // Indexes are not scanned themselves, and the same image in two repositories is scanned once.
    const images = (
      await db.query(
        `SELECT count(DISTINCT digest)::int AS n FROM artifact WHERE type = 'IMAGE' AND manifest_media_type NOT LIKE '%index%'`,
      )
    ).rows[0].n as number;
    expect(images).toBeGreaterThan(200);

    // Held scans keep their workers busy, so the run stops queueing once a batch is waiting.
    adapter.state.hold = true;
    const metrics = async () => (await api(stack.url, 'GET', '/scans/all/metrics', { as: ADMIN })).body;
    const manual = { schedule: { type: 'Manual' } };
    expect(
      (await api(stack.url, 'POST', '/system/scanAll/schedule', { as: ADMIN, body: manual })).status,
    ).toBe(201);
    const again = await api(stack.url, 'POST', '/system/scanAll/schedule', { as: ADMIN, body: manual });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].message).toMatch(
      /^a previous scan all job aleady exits, its status is (Pending|Running)$/,
    );
    const running = await eventually(metrics, (m) => m.total >= 190, 30_000);
    expect(running).toMatchObject({ ongoing: true, trigger: 'Manual' });
    expectSchema(running, 'Stats');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Two batches of 100 are queued; the rest waits until fewer than a batch are.
    const held = await metrics();
    expect(held.total).toBeLessThan(images);
    expect(held.metrics.Pending).toBeLessThanOrEqual(200);

    adapter.state.hold = false;
    const done = await eventually(metrics, (m) => m.ongoing === false, 120_000);
    expect(done).toMatchObject({ total: images, completed: images, trigger: 'Manual' });
    expect(done.metrics).toEqual({ Pending: 0, Running: 0, Success: images, Error: 0, Stopped: 0 });
    expect((await overview('/projects/scanme/repositories/many/artifacts/t199'))?.scan_status).toBe(
      'Success',
    );
    expect((await api(stack.url, 'GET', '/scans/schedule/metrics', { as: ADMIN })).body).toEqual({});

    const daily = { schedule: { type: 'Custom', cron: '0 0 3 * * *' } };
    expect(
      (await api(stack.url, 'POST', '/system/scanAll/schedule', { as: ADMIN, body: daily })).status,
    ).toBe(201);
    const twice = await api(stack.url, 'POST', '/system/scanAll/schedule', { as: ADMIN, body: daily });
    expect(twice.status).toBe(412);
    const schedule = await api(stack.url, 'GET', '/system/scanAll/schedule', { as: ADMIN });
    expect(schedule.body.schedule).toMatchObject({ type: 'Custom', cron: '0 0 3 * * *' });
    expectSchema(schedule.body, 'Schedule');
    expect(
      (
        await api(stack.url, 'PUT', '/system/scanAll/schedule', {
          as: ADMIN,
          body: { schedule: { type: 'None' } },
        })
      ).status,
    ).toBe(200);
    expect((await api(stack.url, 'GET', '/system/scanAll/schedule', { as: ADMIN })).body).toBeFalsy();
    expect((await api(stack.url, 'POST', '/system/scanAll/stop', { as: ADMIN })).status).toBe(202);
  }, 240_000);

  it('summarises and lists the findings in the security hub', async () => {
    // Every stored report holds one High (CVSS 7.5) and one Low finding.
    const reported = (
      await db.query(
        `SELECT count(*)::int AS n FROM artifact a JOIN scan_report s ON s.digest = a.digest WHERE s.report IS NOT NULL`,
      )
    ).rows[0].n as number;
    expect(reported).toBeGreaterThan(200);
    const summary = await api(
      stack.url,
      'GET',
      '/security/summary?with_dangerous_cve=true&with_dangerous_artifact=true',
      {
        as: ADMIN,
      },
    );
    expect(summary.status).toBe(200);
    expectSchema(summary.body, 'SecuritySummary');
    expect(summary.body).toMatchObject({
      high_cnt: reported,
      low_cnt: reported,
      critical_cnt: 0,
      total_vuls: 2 * reported,
    });
    expect(summary.body.fixable_cnt).toBe(reported);
    expect(summary.body.dangerous_cves[0]).toMatchObject({
      cve_id: 'CVE-2024-0001',
      cvss_score_v3: 7.5,
      package: 'openssl',
    });
    expect(summary.body.dangerous_artifacts).toHaveLength(5);

    const listed = await api(
      stack.url,
      'GET',
      `/security/vul?q=${encodeURIComponent('cve_id=CVE-2024-0001,repository_name=scanme/many,cvss_score_v3=[7~8]')}&with_tag=true&page_size=5`,
      { as: ADMIN },
    );
    expect(listed.status).toBe(200);
    expectSchema(listed.body, 'VulnerabilityItem[]');
    expect(Number(listed.headers.get('x-total-count'))).toBe(200);
    expect(listed.body).toHaveLength(5);
    expect(listed.body[0]).toMatchObject({
      cve_id: 'CVE-2024-0001',
      severity: 'High',
      package: 'openssl',
      version: '3.0.11-1~deb12u2',
      fixed_version: '3.0.13-1~deb12u1',
      cvss_v3_score: 7.5,
      links: ['https://security-tracker.debian.org/tracker/CVE-2024-0001'],
    });
    expect(listed.body[0].tags[0]).toMatch(/^t\d+$/);
    const byTag = await api(stack.url, 'GET', `/security/vul?q=${encodeURIComponent('tag=t7')}`, {
      as: ADMIN,
    });
    expect(byTag.body.map((item: { cve_id: string }) => item.cve_id).sort()).toEqual([
      'CVE-2024-0001',
      'CVE-2024-0002',
    ]);
    expect(
      (
        await api(stack.url, 'GET', `/security/vul?q=${encodeURIComponent('cvss_score_v3=[9~10]')}`, {
          as: ADMIN,
        })
      ).body,
    ).toEqual([]);
    // Below 1000 findings, tune_count still counts them.
    const all = await api(stack.url, 'GET', '/security/vul', { as: ADMIN });
    const tuned = await api(stack.url, 'GET', '/security/vul?tune_count=true', { as: ADMIN });
    expect(Number(all.headers.get('x-total-count'))).toBe(2 * reported);
    expect(tuned.headers.get('x-total-count')).toBe(all.headers.get('x-total-count'));
    expect((await api(stack.url, 'GET', '/security/summary')).status).toBe(401);
  });

  it('ends the scan as Error, with the reason in its log, when the scanner is down', async () => {
    const moved = await api(stack.url, 'PUT', `/scanners/${scannerUuid}`, {
      as: ADMIN,
      body: { name: 'test scanner', url: 'http://127.0.0.1:9' },
    });
    expect(moved.status).toBe(200);
    expect((await api(stack.url, 'POST', `${path}/scan`, { as: ADMIN })).status).toBe(202);
    const failed = await scanEnds();
    expect(failed.scan_status).toBe('Error');
    const log = await api<string>(stack.url, 'GET', `${path}/scan/${failed.report_id}/log`, { as: ADMIN });
    expect(log.body).toMatch(/failed to reach the scanner at http:\/\/127\.0\.0\.1:9/);
  });

  it('lets only those allowed scan: 401 anonymous, 412 without a scanner', async () => {
    expect((await api(stack.url, 'POST', `${path}/scan`)).status).toBe(401);
    expect((await api(stack.url, 'DELETE', `/scanners/${scannerUuid}`, { as: ADMIN })).status).toBe(200);
    const none = await api(stack.url, 'POST', `${path}/scan`, { as: ADMIN });
    expect(none.status).toBe(412);
    expect(none.body.errors[0].message).toBe('no available scanner for project scanme');
  });
});
