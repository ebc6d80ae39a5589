import { MimeTypes } from './mime-types.js';
import type { ScanRequest } from './scan-request.js';

/** A finished scan's report, tagged with what was asked: a vulnerability report or an SBOM. */
export type ScanWork = { type: 'vulnerability'; report: unknown } | { type: 'sbom'; report: unknown };

/**
 * What a ScanRequest asks for, from its `enabled_capabilities` (none: a vulnerability scan, as
 * before v1.2), or why it cannot be done. One request, one report: Harbor sends one capability.
 */
export function requestedWork(request: ScanRequest): { type: ScanWork['type'] } | { error: string } {
  const capabilities = request.enabled_capabilities ?? [{ type: 'vulnerability' }];
  const sbom = capabilities.find((c) => c.type === 'sbom');
  if (sbom) {
    const formats = sbom.parameters?.sbom_media_types ?? [MimeTypes.spdx];
    if (!formats.includes(MimeTypes.spdx))
      return {
        error: `unsupported sbom_media_types ${formats.join(', ')}: this scanner produces ${MimeTypes.spdx}`,
      };
    return { type: 'sbom' };
  }
  if (capabilities.some((c) => c.type === 'vulnerability')) return { type: 'vulnerability' };
  return {
    error: `unsupported capabilities ${capabilities.map((c) => c.type).join(', ')}: this scanner produces vulnerability reports and SBOMs`,
  };
}

/**
 * The report type a `GET /scan/{id}/report` asks for by its Accept header. An SBOM report needs
 * `sbom_media_type` naming a format this scanner writes (the scanner API's 400 otherwise).
 */
export function reportTypeOf(
  accept: string | undefined,
  sbomMediaType: string | undefined,
): { type: ScanWork['type']; mimeType: string } | { error: string } {
  const header = accept ?? MimeTypes.vulnerabilityReport;
  const mentions = (mime: string) => header.includes(mime.split(';')[0]!);
  if (mentions(MimeTypes.sbomReport)) {
    if (!sbomMediaType)
      return { error: 'the query parameter sbom_media_type is required for an SBOM report' };
    if (sbomMediaType !== MimeTypes.spdx)
      return {
        error: `unsupported sbom_media_type ${sbomMediaType}: this scanner produces ${MimeTypes.spdx}`,
      };
    return { type: 'sbom', mimeType: MimeTypes.sbomReport };
  }
  const vulnerability = [MimeTypes.vulnerabilityReport, MimeTypes.harborReport].find(mentions);
  if (vulnerability) return { type: 'vulnerability', mimeType: vulnerability };
  if (header.includes('*/*')) return { type: 'vulnerability', mimeType: MimeTypes.vulnerabilityReport };
  return { error: `unsupported report type: ${header}` };
}
