import type { ManifestSummary } from '../artifacts/manifest-summary.js';

/** cosign's tag for the signatures of `sha256:<hex>` when it does not use OCI 1.1 referrers. */
const COSIGN_SIGNATURE_TAG = /^sha256-([a-f0-9]{64})\.sig$/;
/** The layer cosign's simple signing payload is pushed as. */
const COSIGN_LAYER = 'application/vnd.dev.cosign.simplesigning.v1+json';

/**
 * Harbor's cosign middleware: a manifest pushed as tag `sha256-<hex>.sig` with a simple signing layer,
 * and no OCI `subject`, is a `signature.cosign` accessory of `sha256:<hex>` in the same repository
 * (recorded even when that artifact is not there yet). Undefined for any other push.
 */
export function cosignTagAccessory(
  tag: string | undefined,
  summary: ManifestSummary,
): { subjectDigest: string; type: 'signature.cosign' } | undefined {
  const hex = tag ? COSIGN_SIGNATURE_TAG.exec(tag)?.[1] : undefined;
  if (!hex || summary.parsed.subject) return undefined;
  if (!summary.parsed.blobs.some((blob) => blob.mediaType === COSIGN_LAYER)) return undefined;
  return { subjectDigest: `sha256:${hex}`, type: 'signature.cosign' };
}
