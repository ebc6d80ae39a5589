import type { GcBlob } from '@harbor-ts/db';
import { isNonDistributable, MANIFEST_MEDIA_TYPES } from '@harbor-ts/oci';

export function isManifest(blob: GcBlob): boolean {
  return MANIFEST_MEDIA_TYPES.includes(blob.contentType);
}

/** Foreign layers are not in storage: deleting their row frees nothing. */
export function sizeOf(blobs: GcBlob[]): number {
  return blobs.reduce((sum, b) => (isNonDistributable(b.contentType) ? sum : sum + b.size), 0);
}
