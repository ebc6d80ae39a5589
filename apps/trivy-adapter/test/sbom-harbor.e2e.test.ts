import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { DEBIAN_OS_RELEASE, DEBIAN_STATUS } from './fixtures/images.js';
import { layer, pushImage } from './support/image-push.js';

const admin = `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`;

interface SbomOverview {
  report_id: string;
  scan_status: string;
  sbom_digest?: string;
  start_time?: string;
  end_time?: string;
  duration?: number;
  scanner?: { name: string };
}
interface Artifact {
  digest: string;
  sbom_overview?: SbomOverview;
  accessories?: { type: string; digest: string; subject_artifact_digest: string }[];
}

/**
 * SBOM generation as a Harbor user meets it, through nginx, core, jobservice, the bundled adapter and
 * the registry: generated on push for a project that asks for it, stored as the image's `sbom.harbor`
 * accessory, downloaded as SPDX JSON listing the image's dpkg packages, replaced when generated again,
 * and deleted with its image.
 */
describe('SBOM generation with the bundled scanner', () => {
  let stack: NativeStack;
  let digest: string;
  const path = () => `/projects/sboms/repositories/debian/artifacts/${digest}`;
  const api = async <T = unknown>(method: string, route: string, body?: unknown) => {
    const response = await fetch(`${stack.url}/api/v2.0${route}`, {
      method,
      headers: { authorization: admin, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // a log is text
    }
    return { status: response.status, body: parsed as T };
  };
  const artifact = async () =>
    (await api<Artifact>('GET', `${path()}?with_sbom_overview=true&with_accessory=true`)).body;
  async function generationEnds(notReport?: string): Promise<Artifact> {
    for (let waited = 0; waited < 90_000; waited += 500) {
      const current = await artifact();
      const overview = current.sbom_overview;
      if (
        overview &&
        overview.report_id !== notReport &&
        ['Success', 'Error', 'Stopped'].includes(overview.scan_status)
      )
        return current;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`the SBOM generation did not end: ${JSON.stringify(await artifact())}`);
  }
  async function log(reportId: string): Promise<string> {
    return (await api<string>('GET', `${path()}/scan/${reportId}/log`)).body;
  }

  beforeAll(async () => {
    stack = await startNativeStack({ withTrivy: true });
  }, 300_000);
  afterAll(() => stack?.stop(), 60_000);

  it('generates an SBOM on push, stored as the image’s sbom.harbor accessory, with the dpkg packages', async () => {
    expect(
      (await api('POST', '/projects', { project_name: 'sboms', metadata: { auto_sbom_generation: 'true' } }))
        .status,
    ).toBe(201);
    digest = await pushImage(stack.url, admin, 'sboms/debian', '12', [
      await layer({ 'etc/os-release': DEBIAN_OS_RELEASE, 'var/lib/dpkg/status': DEBIAN_STATUS }),
    ]);
    const done = await generationEnds();
    const overview = done.sbom_overview!;
    expect(overview, await log(overview.report_id)).toMatchObject({
      scan_status: 'Success',
      sbom_digest: expect.stringMatching(/^sha256:[a-f0-9]{64}$/),
      scanner: { name: 'harbor-ts scanner' },
    });
    expect(Date.parse(overview.end_time!)).toBeGreaterThanOrEqual(Date.parse(overview.start_time!));
    expect(overview.duration).toBeGreaterThanOrEqual(0);
    expect(done.accessories).toEqual([
      expect.objectContaining({
        type: 'sbom.harbor',
        digest: overview.sbom_digest,
        subject_artifact_digest: digest,
      }),
    ]);
    expect(await log(overview.report_id)).toContain(`the SBOM is sboms/debian@${overview.sbom_digest}`);

    const download = await api<{
      spdxVersion: string;
      packages: { name: string; versionInfo: string; externalRefs?: { referenceLocator: string }[] }[];
    }>('GET', `/projects/sboms/repositories/debian/artifacts/${overview.sbom_digest}/additions/sbom`);
    expect(download.status).toBe(200);
    expect(download.body.spdxVersion).toBe('SPDX-2.3');
    const packages = download.body.packages.map((p) => [p.name, p.versionInfo]);
    expect(packages).toEqual(
      expect.arrayContaining([
        ['libc6', '2.36-9+deb12u4'],
        ['libssl3', '3.0.11-1~deb12u2'],
        ['zlib1g', '1:1.2.13.dfsg-1'],
      ]),
    );
    const libssl = download.body.packages.find((p) => p.name === 'libssl3')!;
    expect(libssl.externalRefs?.[0]?.referenceLocator).toBe(
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?upstream=openssl&distro=debian-12',
    );
  }, 120_000);

  it('replaces the SBOM accessory when generated again, and stops only what runs', async () => {
    const before = (await artifact()).sbom_overview!;
    const started = await api('POST', `${path()}/scan`, { scan_type: 'sbom' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await generationEnds(before.report_id);
    const overview = done.sbom_overview!;
    expect(overview.scan_status).toBe('Success');
    expect(overview.sbom_digest).not.toBe(before.sbom_digest);
    expect(done.accessories?.map((a) => [a.type, a.digest])).toEqual([['sbom.harbor', overview.sbom_digest]]);
    const old = await api('GET', `/projects/sboms/repositories/debian/artifacts/${before.sbom_digest}`);
    expect(old.status).toBe(404);
    // Nothing runs now: a stop is Harbor's 404, and a vulnerability scan's stop is not an SBOM's.
    expect((await api('POST', `${path()}/scan/stop`, { scan_type: 'sbom' })).status).toBe(404);
  }, 120_000);

  it('deletes the SBOM accessory with its image', async () => {
    const { sbom_digest: sbomDigest } = (await artifact()).sbom_overview!;
    expect((await api('DELETE', path())).status).toBe(200);
    expect((await api('GET', `/projects/sboms/repositories/debian/artifacts/${sbomDigest}`)).status).toBe(
      404,
    );
  });
});
