/**
 * Harbor's blob status machine, which lets garbage collection run while pushes go on:
 *
 *   none ──GC marks──▶ delete ──GC claims──▶ deleting ──storage deleted──▶ (row deleted)
 *    ▲                   │                      │
 *    └──a push or pull───┘                      └──storage refused──▶ deletefailed
 *
 * Every transition is a compare-and-set on `version`, so a blob a push touched after GC looked at it
 * (delete → none bumps the version) makes GC's next step miss it, and GC skips it. A blob in
 * `deleting` is gone for clients: they upload it again once GC has finished with it.
 */
export const BlobStatus = {
  None: 'none',
  Delete: 'delete',
  Deleting: 'deleting',
  DeleteFailed: 'deletefailed',
} as const;
export type BlobStatus = (typeof BlobStatus)[keyof typeof BlobStatus];

/** A blob as garbage collection handles it; `version` is the one its last transition left. */
export interface GcBlob {
  id: number;
  digest: string;
  size: number;
  contentType: string;
  version: number;
}

/** The row shape the GC statements return (bigint columns come back from pg as strings). */
export interface GcBlobRow {
  id: number;
  digest: string;
  size: string;
  content_type: string;
  version: string;
}

export function toGcBlob(row: GcBlobRow): GcBlob {
  return {
    id: row.id,
    digest: row.digest,
    size: Number(row.size),
    contentType: row.content_type,
    version: Number(row.version),
  };
}
