import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import type { ParsedManifest } from '@harbor-ts/oci';

/** The config media type of Harbor's SBOM accessory; Harbor answers the SBOM addition with it too. */
export const SBOM_ACCESSORY_TYPE = 'application/vnd.goharbor.harbor.sbom.v1';

/** An SBOM is a few MiB at most; this only guards memory. */
export const MAX_SBOM_BYTES = 64 * 1024 * 1024;

/** The one layer of an SBOM accessory, which holds the SBOM document; Harbor's 404 otherwise. */
export function sbomLayer(manifest: ParsedManifest) {
  const [, ...layers] = manifest.blobs;
  if (layers.length !== 1) throw new HarborError(HarborErrorCode.NOT_FOUND, 'The sbom is not found');
  return layers[0]!;
}
