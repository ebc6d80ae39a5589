import { createHash, randomUUID } from 'node:crypto';
import type { InstalledPackage } from '../analyzers/installed-package.js';
import type { ImageContents } from '../scans/findings.js';
import { SCANNER } from '../scans/scanner-identity.js';
import { packageUrl } from './package-url.js';

/** An image's packages, with the license each declares where the package database records one. */
export interface SbomInput {
  repository: string;
  digest: string;
  contents: ImageContents;
  licenses: Map<string, string>;
}

export interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  supplier?: string;
  downloadLocation: string;
  filesAnalyzed: false;
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText: string;
  primaryPackagePurpose?: string;
  sourceInfo?: string;
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
}

const NOASSERTION = 'NOASSERTION';

/** An SPDX id: letters, digits, `.` and `-` only, unique by a short hash of what it names. */
function spdxId(kind: string, ...parts: string[]): string {
  const hash = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
  return `SPDXRef-${kind}-${hash}`;
}

/**
 * A package database's license field as an SPDX license expression: apk lists licenses separated by
 * spaces (`MIT BSD-2-Clause`), which SPDX writes with AND; anything that is not plain ids is
 * NOASSERTION rather than an invalid expression.
 */
export function licenseExpression(license: string | undefined): string {
  const words = (license ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || !words.every((w) => /^[A-Za-z0-9.+-]+$/.test(w))) return NOASSERTION;
  if (words.some((w) => /^(AND|OR|WITH)$/.test(w))) return words.join(' ');
  return words.join(' AND ');
}

/** Where a package came from, as Trivy says it: an OS package's source package, a library's file. */
function sourceInfo(pkg: InstalledPackage): string | undefined {
  if (pkg.ecosystem) return pkg.filePath ? `package found in: ${pkg.filePath}` : undefined;
  if (pkg.sourceName !== pkg.name || pkg.sourceVersion !== pkg.version)
    return `built package from: ${pkg.sourceName} ${pkg.sourceVersion}`;
  return undefined;
}

function spdxPackage(input: SbomInput, pkg: InstalledPackage): SpdxPackage {
  const purl = packageUrl(input.contents.os, pkg);
  const source = sourceInfo(pkg);
  return {
    SPDXID: spdxId('Package', pkg.type ?? '', pkg.ecosystem ?? '', pkg.name, pkg.version, pkg.filePath ?? ''),
    name: pkg.name,
    versionInfo: pkg.version,
    supplier: NOASSERTION,
    downloadLocation: 'NONE',
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: licenseExpression(input.licenses.get(pkg.name)),
    copyrightText: NOASSERTION,
    primaryPackagePurpose: 'LIBRARY',
    ...(source ? { sourceInfo: source } : {}),
    ...(purl
      ? {
          externalRefs: [
            { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl },
          ],
        }
      : {}),
  };
}

/**
 * An SPDX 2.3 JSON document of an image: the image, its operating system, and every package the
 * analyzers found (name, version, purl, license where the database records it). OS packages are
 * contained in the operating system (in the image when the OS is unknown), language packages in the
 * image.
 */
export function spdxDocument(input: SbomInput, created = new Date()) {
  const { os, packages } = input.contents;
  const image: SpdxPackage = {
    SPDXID: spdxId('ContainerImage', input.repository, input.digest),
    name: input.repository,
    versionInfo: input.digest,
    downloadLocation: 'NONE',
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    primaryPackagePurpose: 'CONTAINER',
    externalRefs: [
      {
        referenceCategory: 'PACKAGE-MANAGER',
        referenceType: 'purl',
        referenceLocator: `pkg:oci/${encodeURIComponent(input.repository.split('/').pop()!)}@${encodeURIComponent(input.digest)}?repository_url=${encodeURIComponent(input.repository)}`,
      },
    ],
  };
  const system: SpdxPackage | undefined = os && {
    SPDXID: spdxId('OperatingSystem', os.id, os.versionId),
    name: os.id,
    versionInfo: os.versionId,
    downloadLocation: 'NONE',
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    primaryPackagePurpose: 'OPERATING-SYSTEM',
  };
  const seen = new Set<string>();
  const found = packages
    .map((pkg) => ({ pkg, spdx: spdxPackage(input, pkg) }))
    .filter(({ spdx }) => !seen.has(spdx.SPDXID) && seen.add(spdx.SPDXID))
    .sort((a, b) => a.spdx.name.localeCompare(b.spdx.name) || a.spdx.SPDXID.localeCompare(b.spdx.SPDXID));
  const parentOf = (pkg: InstalledPackage) => (pkg.ecosystem ? image : (system ?? image));
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${input.repository}@${input.digest}`,
    documentNamespace: `https://harbor-ts.dev/spdx/${encodeURIComponent(input.repository)}-${randomUUID()}`,
    creationInfo: {
      creators: ['Organization: harbor-ts', `Tool: ${SCANNER.name.replace(/\s+/g, '-')}-${SCANNER.version}`],
      created: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    packages: [image, ...(system ? [system] : []), ...found.map(({ spdx }) => spdx)],
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relatedSpdxElement: image.SPDXID, relationshipType: 'DESCRIBES' },
      ...(system
        ? [{ spdxElementId: image.SPDXID, relatedSpdxElement: system.SPDXID, relationshipType: 'CONTAINS' }]
        : []),
      ...found.map(({ pkg, spdx }) => ({
        spdxElementId: parentOf(pkg).SPDXID,
        relatedSpdxElement: spdx.SPDXID,
        relationshipType: 'CONTAINS',
      })),
    ],
  };
}
