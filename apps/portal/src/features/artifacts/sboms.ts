import { apiClient } from '../../lib/api-client';
import type { Schemas } from '../../lib/api-types';
import { artifactPath, type Artifact, type ArtifactLocation } from './api';

export type SbomOverview = Schemas['SBOMOverview'];

/** One package of an SPDX 2.3 document, as far as the SBOM tab shows it. */
export interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  licenseDeclared?: string;
  primaryPackagePurpose?: string;
  externalRefs?: { referenceType?: string; referenceLocator?: string }[];
}

export interface SpdxDocument {
  spdxVersion?: string;
  packages?: SpdxPackage[];
}

export function sbomOverviewOf(artifact: Artifact): SbomOverview | undefined {
  return (artifact as { sbom_overview?: SbomOverview }).sbom_overview;
}

export const isGeneratingSbom = (overview: SbomOverview | undefined) =>
  overview?.scan_status === 'Pending' || overview?.scan_status === 'Running';

export function generateSbom(at: ArtifactLocation, digest: string): Promise<void> {
  return apiClient.post(`${artifactPath(at, digest)}/scan`, { scan_type: 'sbom' });
}

export function stopSbom(at: ArtifactLocation, digest: string): Promise<void> {
  return apiClient.post(`${artifactPath(at, digest)}/scan/stop`, { scan_type: 'sbom' });
}

/** The SBOM document, read from the SBOM accessory's `sbom` addition as Harbor's portal does. */
export async function getSbom(
  at: ArtifactLocation,
  sbomDigest: string,
  signal?: AbortSignal,
): Promise<SpdxDocument> {
  const body = await apiClient.get<SpdxDocument | string>(`${artifactPath(at, sbomDigest)}/additions/sbom`, {
    signal,
  });
  // Harbor answers with the accessory's media type, which does not say JSON.
  return typeof body === 'string' ? (JSON.parse(body) as SpdxDocument) : (body ?? {});
}

/** The packages an SBOM lists (not the image and operating system it describes), by name. */
export function sbomPackages(document: SpdxDocument): SpdxPackage[] {
  return (document.packages ?? [])
    .filter((p) => p.primaryPackagePurpose !== 'CONTAINER' && p.primaryPackagePurpose !== 'OPERATING-SYSTEM')
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const purlOf = (pkg: SpdxPackage) =>
  pkg.externalRefs?.find((ref) => ref.referenceType === 'purl')?.referenceLocator;
