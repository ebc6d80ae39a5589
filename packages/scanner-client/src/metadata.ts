import { z } from 'zod';
import { ScannerMimeTypes, SUPPORTED_REPORT_TYPES } from './mime-types.js';

/** `ScannerAdapterMetadata` of the scanner API (and of Harbor's `/scanners/{id}/metadata`). */
export const scannerAdapterMetadataSchema = z.object({
  scanner: z.object({
    name: z.string().optional(),
    vendor: z.string().optional(),
    version: z.string().optional(),
  }),
  capabilities: z.array(
    z.object({
      type: z.string().optional(),
      consumes_mime_types: z.array(z.string()).default([]),
      produces_mime_types: z.array(z.string()).default([]),
      /** For an `sbom` capability: `sbom_media_types`, the SBOM formats it writes. */
      additional_attributes: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  properties: z.record(z.string(), z.string()).optional(),
});
export type ScannerAdapterMetadata = z.output<typeof scannerAdapterMetadataSchema>;

/** Harbor's check of an adapter's metadata: what it must declare before Harbor registers it. */
export function metadataProblem(metadata: ScannerAdapterMetadata): string | undefined {
  const { name, vendor, version } = metadata.scanner;
  if (!name || !vendor || !version) return 'invalid scanner in metadata';
  if (metadata.capabilities.length === 0) return 'invalid capabilities in metadata';
  for (const capability of metadata.capabilities) {
    if (!capability.consumes_mime_types.includes(ScannerMimeTypes.dockerManifest))
      return `missing ${ScannerMimeTypes.dockerManifest} in consumes_mime_types`;
    if (!capability.produces_mime_types.some((type) => SUPPORTED_REPORT_TYPES.includes(type)))
      return `missing ${ScannerMimeTypes.nativeReport} or ${ScannerMimeTypes.genericVulnerabilityReport} in produces_mime_types`;
  }
  return undefined;
}

/**
 * Harbor's `capabilities` of a registration: `support_vulnerability` / `support_sbom` from the
 * capability types; a scanner too old to name types is taken to scan for vulnerabilities only.
 */
export function capabilitiesOf(metadata: ScannerAdapterMetadata): Record<string, boolean> {
  const capabilities: Record<string, boolean> = {};
  let typed = false;
  for (const { type } of metadata.capabilities) {
    if (type) typed = true;
    if (type === 'vulnerability') capabilities.support_vulnerability = true;
    else if (type === 'sbom') capabilities.support_sbom = true;
  }
  if (!typed) return { support_vulnerability: true, support_sbom: false };
  return capabilities;
}
