import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { addMember, createProject, createUser } from '../support/fixtures.js';
import { ADMIN, api, type Credentials } from '../support/harbor-client.js';
import { expectSchema } from '../support/swagger-schema.js';
import { OciLayout } from './oci-layout.js';
import { startScannerAdapter } from './scanner-adapter.js';

const exec = promisify(execFile);

interface SbomOverview {
  report_id: string;
  scan_status: string;
  sbom_digest?: string;
  duration?: number;
}

/**
 * SBOM generation through core and jobservice with a third-party scanner that has Harbor 2.11's sbom
 * capability: who may generate, the overview and accessory, the log, a generation stopped while it
 * runs (and not by a vulnerability scan's stop), and a second one refused while one runs.
 */
describe('SBOM generation on the native stack', () => {
  let stack: NativeStack;
  let adapter: Awaited<ReturnType<typeof startScannerAdapter>>;
  let developer: Credentials;
  const layout = new OciLayout();
  const path = '/projects/sbomme/repositories/app/artifacts/v1';

  const artifact = async () =>
    (
      await api<{ sbom_overview?: SbomOverview; accessories?: { type: string; digest: string }[] }>(
        stack.url,
        'GET',
        `${path}?with_sbom_overview=true&with_accessory=true`,
        { as: ADMIN },
      )
    ).body;
  async function generationEnds(): Promise<SbomOverview> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const current = (await artifact()).sbom_overview;
      if (current && ['Success', 'Error', 'Stopped'].includes(current.scan_status)) return current;
      if (Date.now() > deadline) throw new Error(`SBOM generation still ${current?.scan_status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  beforeAll(async () => {
    [stack, adapter] = await Promise.all([startNativeStack(), startScannerAdapter({ sbom: true })]);
    const projectId = await createProject(stack.url, 'sbomme');
    developer = await createUser(stack.url, 'dev-sbom');
    await addMember(stack.url, projectId, developer.username, 2);
    layout.tag(layout.image([layout.layer({ 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n' })]), 'v1');
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `oci:${layout.dir}:v1`,
      `docker://${stack.registryHost}/sbomme/app:v1`,
    ]);
    const registered = await api(stack.url, 'POST', '/scanners', {
      as: ADMIN,
      body: { name: 'sbom scanner', url: adapter.url },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await adapter?.close();
  }, 60_000);

  it('says the scanner supports SBOMs, and lets maintainers and up generate one, not developers', async () => {
    const [scanner] = (
      await api<{ capabilities?: Record<string, boolean> }[]>(stack.url, 'GET', '/scanners', { as: ADMIN })
    ).body;
    expect(scanner!.capabilities).toEqual({ support_vulnerability: true, support_sbom: true });
    const refused = await api(stack.url, 'POST', `${path}/scan`, {
      as: developer,
      body: { scan_type: 'sbom' },
    });
    expect(refused.status).toBe(403);
    expect((await artifact()).sbom_overview).toBeUndefined();
  });

  it('generates an SBOM: overview, accessory, download and log', async () => {
    const started = await api(stack.url, 'POST', `${path}/scan`, { as: ADMIN, body: { scan_type: 'sbom' } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const overview = await generationEnds();
    const log = await api<string>(stack.url, 'GET', `${path}/scan/${overview.report_id}/log`, { as: ADMIN });
    expect(overview.scan_status, log.body).toBe('Success');
    expectSchema(overview, 'SBOMOverview');
    const { accessories } = await artifact();
    expect(accessories).toEqual([
      expect.objectContaining({ type: 'sbom.harbor', digest: overview.sbom_digest }),
    ]);

    const [seen] = adapter.scans();
    expect(seen!.request.enabled_capabilities).toEqual([
      {
        type: 'sbom',
        produces_mime_types: ['application/vnd.security.sbom.report+json; version=1.0'],
        parameters: { sbom_media_types: ['application/spdx+json'] },
      },
    ]);
    const sbom = await api<{ packages: { name: string; versionInfo: string }[] }>(
      stack.url,
      'GET',
      `/projects/sbomme/repositories/app/artifacts/${overview.sbom_digest}/additions/sbom`,
      { as: developer },
    );
    expect(sbom.status).toBe(200);
    const body = typeof sbom.body === 'string' ? JSON.parse(sbom.body) : sbom.body;
    expect(body.packages).toEqual([
      { SPDXID: 'SPDXRef-Package-1', name: 'libssl3', versionInfo: seen!.pulled.configDigest },
    ]);

    expect(log.status).toBe(200);
    expect(log.body).toContain('generating the SBOM of sbomme/app@');
    expect(log.body).toContain(`the SBOM is sbomme/app@${overview.sbom_digest}`);
    // The vulnerability overview is not an SBOM's.
    const scanned = await api<{ scan_overview?: unknown }>(
      stack.url,
      'GET',
      `${path}?with_scan_overview=true`,
      {
        as: ADMIN,
      },
    );
    expect(scanned.body.scan_overview).toBeUndefined();
  });

  it('stops a running generation, refuses a second one meanwhile, and a vulnerability stop leaves it alone', async () => {
    adapter.state.hold = true;
    const sbom = { scan_type: 'sbom' };
    expect((await api(stack.url, 'POST', `${path}/scan`, { as: ADMIN, body: sbom })).status).toBe(202);
    expect((await api(stack.url, 'POST', `${path}/scan`, { as: ADMIN, body: sbom })).status).toBe(409);
    const deadline = Date.now() + 30_000;
    while ((await artifact()).sbom_overview?.scan_status !== 'Running' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    const vulnerabilityStop = await api(stack.url, 'POST', `${path}/scan/stop`, {
      as: ADMIN,
      body: { scan_type: 'vulnerability' },
    });
    expect(vulnerabilityStop.status).toBe(404);
    expect((await api(stack.url, 'POST', `${path}/scan/stop`, { as: ADMIN, body: sbom })).status).toBe(202);
    expect((await generationEnds()).scan_status).toBe('Stopped');
    adapter.state.hold = false;
    // The replaced SBOM's accessory went when the new generation started.
    expect((await artifact()).accessories ?? []).toEqual([]);
  });

  it('generates an SBOM and scans on push, but neither scans the SBOM accessory nor describes it', async () => {
    const settings = { metadata: { auto_scan: 'true', auto_sbom_generation: 'true' } };
    expect((await api(stack.url, 'PUT', '/projects/sbomme', { as: ADMIN, body: settings })).status).toBe(200);
    layout.tag(layout.image([layout.layer({ 'etc/hostname': 'pushed\n' })]), 'pushed');
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `oci:${layout.dir}:pushed`,
      `docker://${stack.registryHost}/sbomme/app:pushed`,
    ]);
    const pushed = '/projects/sbomme/repositories/app/artifacts/pushed';
    let seen: {
      digest: string;
      sbom_overview?: SbomOverview;
      scan_overview?: Record<string, { scan_status: string }>;
    };
    const deadline = Date.now() + 60_000;
    for (;;) {
      seen = (
        await api<typeof seen>(
          stack.url,
          'GET',
          `${pushed}?with_sbom_overview=true&with_scan_overview=true`,
          {
            as: ADMIN,
          },
        )
      ).body;
      const scanStatus = Object.values(seen.scan_overview ?? {})[0]?.scan_status;
      if (seen.sbom_overview?.scan_status === 'Success' && scanStatus === 'Success') break;
      if (Date.now() > deadline) throw new Error(JSON.stringify(seen));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const sbomDigest = seen.sbom_overview!.sbom_digest!;
    // Give the accessory's own push event time to be (not) acted on.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const requests = adapter.scans().map((scan) => scan.request);
    expect(
      requests.filter((r) => r.artifact.digest === seen.digest).map((r) => r.enabled_capabilities?.[0]?.type),
    ).toEqual(expect.arrayContaining(['vulnerability', 'sbom']));
    expect(requests.filter((r) => r.artifact.digest === sbomDigest)).toEqual([]);
  });
});
