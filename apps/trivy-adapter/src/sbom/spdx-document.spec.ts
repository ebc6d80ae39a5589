import { describe, expect, it } from 'vitest';
import { apkLicenses } from './apk-licenses.js';
import { packageUrl } from './package-url.js';
import { licenseExpression, spdxDocument } from './spdx-document.js';

const debian = { id: 'debian', versionId: '12' };
const libssl = {
  name: 'libssl3',
  version: '3.0.11-1~deb12u2',
  sourceName: 'openssl',
  sourceVersion: '3.0.11-1~deb12u2',
};

describe('SPDX documents', () => {
  it('writes purls as Trivy does, with the source package as upstream', () => {
    expect(packageUrl(debian, libssl)).toBe(
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?upstream=openssl&distro=debian-12',
    );
    expect(
      packageUrl(debian, {
        name: 'zlib1g',
        version: '1:1.2.13+dfsg-1',
        sourceName: 'zlib1g',
        sourceVersion: '1:1.2.13+dfsg-1',
      }),
    ).toBe('pkg:deb/debian/zlib1g@1:1.2.13%2Bdfsg-1?distro=debian-12');
    expect(packageUrl({ id: 'centos', versionId: '7' }, libssl)).toBeUndefined();
    expect(packageUrl(undefined, libssl)).toBeUndefined();
  });

  it('turns apk license lists into SPDX expressions, and anything else into NOASSERTION', () => {
    expect(licenseExpression('MIT')).toBe('MIT');
    expect(licenseExpression('MIT BSD-2-Clause')).toBe('MIT AND BSD-2-Clause');
    expect(licenseExpression('GPL-2.0-or-later OR MIT')).toBe('GPL-2.0-or-later OR MIT');
    expect(licenseExpression('custom:weird (see COPYING)')).toBe('NOASSERTION');
    expect(licenseExpression(undefined)).toBe('NOASSERTION');
    expect(apkLicenses('P:musl\nL:MIT\n\nP:busybox\nV:1\n')).toEqual(new Map([['musl', 'MIT']]));
  });

  it('describes the image, contains the OS, and lists each package once with unique ids', () => {
    const document = spdxDocument(
      {
        repository: 'library/debian',
        digest: `sha256:${'a'.repeat(64)}`,
        contents: { os: debian, packages: [libssl, libssl] },
        licenses: new Map(),
      },
      new Date('2026-01-02T03:04:05.678Z'),
    );
    expect(document.creationInfo.created).toBe('2026-01-02T03:04:05Z');
    expect(document.packages.map((p) => p.primaryPackagePurpose)).toEqual([
      'CONTAINER',
      'OPERATING-SYSTEM',
      'LIBRARY',
    ]);
    for (const pkg of document.packages) expect(pkg.SPDXID).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
    expect(document.relationships.map((r) => r.relationshipType)).toEqual([
      'DESCRIBES',
      'CONTAINS',
      'CONTAINS',
    ]);
  });

  it('lists language packages with their own purl and file, contained in the image; rpm packages as rpm', () => {
    const lodash = {
      name: 'lodash',
      version: '4.17.20',
      sourceName: 'lodash',
      sourceVersion: '4.17.20',
      ecosystem: 'npm' as const,
      type: 'node-pkg',
      filePath: 'app/node_modules/lodash/package.json',
      purl: 'pkg:npm/lodash@4.17.20',
    };
    const document = spdxDocument({
      repository: 'library/app',
      digest: `sha256:${'b'.repeat(64)}`,
      contents: { os: debian, packages: [lodash] },
      licenses: new Map(),
    });
    const [image, , pkg] = document.packages;
    expect(pkg).toMatchObject({
      name: 'lodash',
      sourceInfo: 'package found in: app/node_modules/lodash/package.json',
      externalRefs: [{ referenceType: 'purl', referenceLocator: 'pkg:npm/lodash@4.17.20' }],
    });
    expect(document.relationships).toContainEqual({
      spdxElementId: image!.SPDXID,
      relatedSpdxElement: pkg!.SPDXID,
      relationshipType: 'CONTAINS',
    });
    const openssl = {
      name: 'openssl-libs',
      version: '1:3.0.7-27.el9',
      sourceName: 'openssl',
      sourceVersion: '1:3.0.7-27.el9',
      type: 'rpm',
    };
    expect(packageUrl({ id: 'rocky', versionId: '9.3' }, openssl)).toBe(
      'pkg:rpm/rocky/openssl-libs@1:3.0.7-27.el9?upstream=openssl&distro=rocky-9.3',
    );
  });
});
