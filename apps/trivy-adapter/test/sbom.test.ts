import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdapter, type AdapterProcess } from './support/adapter-process.js';
import { startDistribution, type Distribution } from './support/distribution.js';
import { layer, pushImage } from './support/image-push.js';
import { expectScannerSchema } from './support/scanner-schema.js';
import {
  ALPINE_OS_RELEASE,
  APK_INSTALLED,
  DEBIAN_OS_RELEASE,
  DEBIAN_STATUS,
  DISTROLESS_TZDATA,
} from './fixtures/images.js';

const SBOM_REPORT = 'application/vnd.security.sbom.report+json; version=1.0';
const SPDX = 'application/spdx+json';
const robot = `Basic ${Buffer.from('robot:robot-password').toString('base64')}`;

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo: string;
  licenseDeclared: string;
  primaryPackagePurpose: string;
  sourceInfo?: string;
  externalRefs?: { referenceType: string; referenceLocator: string }[];
}
interface SbomReport {
  media_type: string;
  artifact: { digest: string };
  scanner: { name: string };
  sbom: {
    spdxVersion: string;
    dataLicense: string;
    SPDXID: string;
    packages: SpdxPackage[];
    relationships: { spdxElementId: string; relatedSpdxElement: string; relationshipType: string }[];
  };
}

const purlOf = (pkg: SpdxPackage) =>
  pkg.externalRefs?.find((r) => r.referenceType === 'purl')?.referenceLocator;

describe('SBOM generation through the Pluggable Scanner API', () => {
  let registry: Distribution;
  let adapter: AdapterProcess;
  let debianDigest: string;
  let alpineDigest: string;

  const sbomRequest = (repository: string, digest: string, formats = [SPDX]) => ({
    registry: { url: registry.url, authorization: robot },
    artifact: { repository, digest, mime_type: 'application/vnd.oci.image.manifest.v1+json' },
    enabled_capabilities: [
      { type: 'sbom', produces_mime_types: [SBOM_REPORT], parameters: { sbom_media_types: formats } },
    ],
  });
  const submit = (body: unknown) =>
    fetch(`${adapter.url}/api/v1/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.scanner.adapter.scan.request+json; version=1.0' },
      body: JSON.stringify(body),
    });
  async function report(
    id: string,
    query = `?sbom_media_type=${encodeURIComponent(SPDX)}`,
    accept = SBOM_REPORT,
  ) {
    for (let polls = 0; polls < 200; polls++) {
      const answer = await fetch(`${adapter.url}/api/v1/scan/${id}/report${query}`, {
        headers: { accept },
        redirect: 'manual',
      });
      if (answer.status !== 302) return answer;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the report never came');
  }
  async function generate(repository: string, digest: string): Promise<SbomReport> {
    const accepted = await submit(sbomRequest(repository, digest));
    expect(accepted.status).toBe(202);
    const answer = await report(((await accepted.json()) as { id: string }).id);
    expect(answer.status, await answer.clone().text()).toBe(200);
    expect(answer.headers.get('content-type')).toContain(SBOM_REPORT);
    const body = (await answer.json()) as SbomReport;
    expectScannerSchema(body, 'HarborSbomReport');
    return body;
  }

  beforeAll(async () => {
    // No vulnerability database at all: an SBOM does not need one.
    [registry, adapter] = await Promise.all([startDistribution({ robot: 'robot-password' }), startAdapter()]);
    debianDigest = await pushImage(registry.url, robot, 'library/debian', '12', [
      await layer({ 'etc/os-release': DEBIAN_OS_RELEASE, 'var/lib/dpkg/status': DEBIAN_STATUS }),
      await layer({ 'var/lib/dpkg/status.d/tzdata': DISTROLESS_TZDATA }),
    ]);
    alpineDigest = await pushImage(registry.url, robot, 'library/alpine', '3.19', [
      await layer({ 'etc/os-release': ALPINE_OS_RELEASE, 'lib/apk/db/installed': APK_INSTALLED }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await adapter?.stop();
    await registry?.stop();
  });

  it('advertises the sbom capability with SPDX as its format', async () => {
    const body = (await (await fetch(`${adapter.url}/api/v1/metadata`)).json()) as {
      capabilities: { type: string; produces_mime_types: string[]; additional_attributes?: unknown }[];
    };
    expectScannerSchema(body, 'ScannerAdapterMetadata');
    const sbom = body.capabilities.find((c) => c.type === 'sbom');
    expect(sbom).toMatchObject({
      consumes_mime_types: [
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.v2+json',
      ],
      produces_mime_types: [SBOM_REPORT],
      additional_attributes: { sbom_media_types: [SPDX] },
    });
  });

  it('lists a Debian image’s dpkg packages in an SPDX 2.3 document, with purls and source packages', async () => {
    const body = await generate('library/debian', debianDigest);
    expect(body.media_type).toBe(SPDX);
    expect(body.artifact.digest).toBe(debianDigest);
    expect(body.scanner.name).toBe('harbor-ts scanner');
    const { sbom } = body;
    expect([sbom.spdxVersion, sbom.dataLicense, sbom.SPDXID]).toEqual([
      'SPDX-2.3',
      'CC0-1.0',
      'SPDXRef-DOCUMENT',
    ]);
    const libraries = sbom.packages.filter((p) => p.primaryPackagePurpose === 'LIBRARY');
    expect(libraries.map((p) => [p.name, p.versionInfo, purlOf(p)])).toEqual([
      ['libc6', '2.36-9+deb12u4', 'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?upstream=glibc&distro=debian-12'],
      [
        'libssl3',
        '3.0.11-1~deb12u2',
        'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?upstream=openssl&distro=debian-12',
      ],
      ['tzdata', '2024a-0+deb12u1', 'pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?distro=debian-12'],
      ['zlib1g', '1:1.2.13.dfsg-1', 'pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?upstream=zlib&distro=debian-12'],
    ]);
    expect(libraries.find((p) => p.name === 'libssl3')!.sourceInfo).toBe(
      'built package from: openssl 3.0.11-1~deb12u2',
    );
    const image = sbom.packages.find((p) => p.primaryPackagePurpose === 'CONTAINER')!;
    const os = sbom.packages.find((p) => p.primaryPackagePurpose === 'OPERATING-SYSTEM')!;
    expect([image.name, image.versionInfo, os.name, os.versionInfo]).toEqual([
      'library/debian',
      debianDigest,
      'debian',
      '12',
    ]);
    expect(sbom.relationships).toContainEqual({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relatedSpdxElement: image.SPDXID,
      relationshipType: 'DESCRIBES',
    });
    for (const pkg of libraries)
      expect(sbom.relationships).toContainEqual({
        spdxElementId: os.SPDXID,
        relatedSpdxElement: pkg.SPDXID,
        relationshipType: 'CONTAINS',
      });
    expect(new Set(sbom.packages.map((p) => p.SPDXID)).size).toBe(sbom.packages.length);
  });

  it('takes an Alpine package’s license from its apk record', async () => {
    const { sbom } = await generate('library/alpine', alpineDigest);
    const libraries = sbom.packages.filter((p) => p.primaryPackagePurpose === 'LIBRARY');
    expect(libraries.map((p) => [p.name, p.licenseDeclared, purlOf(p)])).toEqual([
      [
        'libcrypto3',
        'Apache-2.0',
        'pkg:apk/alpine/libcrypto3@3.1.4-r5?upstream=openssl&distro=alpine-3.19.1',
      ],
      ['musl', 'NOASSERTION', 'pkg:apk/alpine/musl@1.2.4_git20230717-r4?distro=alpine-3.19.1'],
    ]);
  });

  it('answers 400 for a format it does not write, a report without sbom_media_type, or the wrong report type', async () => {
    const cyclonedx = await submit(
      sbomRequest('library/debian', debianDigest, ['application/vnd.cyclonedx+json']),
    );
    expect(cyclonedx.status).toBe(400);
    expectScannerSchema(await cyclonedx.json(), 'ErrorResponse');

    const accepted = await submit(sbomRequest('library/debian', debianDigest));
    const { id } = (await accepted.json()) as { id: string };
    const noQuery = await report(id, '');
    expect(noQuery.status).toBe(400);
    expect(((await noQuery.json()) as { error: { message: string } }).error.message).toMatch(
      /sbom_media_type/,
    );
    expect((await report(id, '?sbom_media_type=application%2Fvnd.cyclonedx%2Bjson')).status).toBe(400);
    expect((await report(id)).status).toBe(200);
    const asVulnerabilities = await report(
      id,
      '',
      'application/vnd.security.vulnerability.report; version=1.1',
    );
    expect(asVulnerabilities.status).toBe(400);
  });
});
