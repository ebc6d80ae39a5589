import { rowsOf, type Queryable } from '../tasks/task-status.js';
import { BlobStatus } from './blob-status.js';

/**
 * Core's half of the status machine: what a push or pull does to a blob GC may be collecting. One
 * statement each, so the common case (status none) costs no more than a lookup.
 */

/**
 * A blob touched within this long is not written again by a read: GC's window (whole hours) is far
 * longer, so such a blob cannot become a candidate before it is touched once more.
 */
export const BLOB_FRESH_SECONDS = 60;
/**
 * A blob `deleting` for longer than this was left by a GC that died (GC's own storage calls time out
 * within a minute or two); an upload may take it back.
 */
export const BLOB_DELETING_STALE_SECONDS = 600;

export interface BlobProbe {
  /** The status after the probe; `deleting` means the blob must be treated as absent. */
  status: BlobStatus;
  /** Touched within BLOB_FRESH_SECONDS: safe to remember for a few seconds without asking again. */
  fresh: boolean;
}

/**
 * A blob HEAD, GET or cross-repository mount: a GC candidate (`delete`) goes back to `none`, an old
 * `none` gets a new update_time and version (so a GC that listed it misses it). Undefined when core
 * has no row for the digest (the registry answers for it).
 */
export function touchBlobForRead(db: Queryable, digest: string): Promise<BlobProbe | undefined> {
  return touch(db, digest, [BlobStatus.Delete], false);
}

/**
 * The last PUT of an upload: as a read, and a `deletefailed` blob (storage maybe half gone) comes back
 * too, since the upload writes it again; so does a `deleting` one a dead GC left behind.
 */
export function touchBlobForUpload(db: Queryable, digest: string): Promise<BlobProbe | undefined> {
  return touch(db, digest, [BlobStatus.Delete, BlobStatus.DeleteFailed], true);
}

async function touch(
  db: Queryable,
  digest: string,
  revived: BlobStatus[],
  reclaimStale: boolean,
): Promise<BlobProbe | undefined> {
  // The UPDATE re-checks its WHERE on the newest row, so a GC that moved the blob on meanwhile wins:
  // then nothing is touched, and a `delete` seen before is reported as `deleting`.
  const [row] = rowsOf<{ status: BlobStatus; fresh: boolean }>(
    await db.query(
      `WITH cur AS (SELECT id, status, update_time FROM blob WHERE digest = $1),
       touched AS (
         UPDATE blob b SET status = 'none', version = b.version + 1, update_time = now()
           FROM cur WHERE b.id = cur.id
            AND (b.status = ANY($2::varchar[])
                 OR (b.status = 'none' AND b.update_time < now() - make_interval(secs => $3))
                 OR ($4 AND b.status = 'deleting' AND b.update_time < now() - make_interval(secs => $5)))
         RETURNING b.id)
       SELECT CASE WHEN EXISTS (SELECT 1 FROM touched) THEN 'none'
                   WHEN cur.status = ANY($2::varchar[]) THEN 'deleting'
                   ELSE cur.status END AS status,
              EXISTS (SELECT 1 FROM touched) OR cur.update_time >= now() - make_interval(secs => $3) AS fresh
         FROM cur`,
      [digest, revived, BLOB_FRESH_SECONDS, reclaimStale, BLOB_DELETING_STALE_SECONDS],
    ),
  );
  return row;
}

/**
 * A manifest PUT: every blob it references (and itself) goes back to `none` with a new update_time,
 * in one statement. Returns the digests GC is deleting: the manifest must be refused, as those are
 * gone once GC finishes.
 */
export async function touchBlobsForManifest(db: Queryable, digests: string[]): Promise<string[]> {
  if (digests.length === 0) return [];
  const rows = rowsOf<{ digest: string }>(
    await db.query(
      `WITH touched AS (
         UPDATE blob SET status = 'none', version = version + 1, update_time = now()
          WHERE digest = ANY($1::varchar[])
            AND (status IN ('delete', 'deletefailed')
                 OR (status = 'none' AND update_time < now() - make_interval(secs => $2)))
         RETURNING digest)
       SELECT b.digest FROM blob b
        WHERE b.digest = ANY($1::varchar[]) AND b.status <> 'none'
          AND NOT EXISTS (SELECT 1 FROM touched t WHERE t.digest = b.digest)`,
      [digests, BLOB_FRESH_SECONDS],
    ),
  );
  return rows.map((r) => r.digest);
}

/** The status of one blob, or undefined once its row is gone (GC finished deleting it). */
export async function blobStatus(db: Queryable, digest: string): Promise<BlobStatus | undefined> {
  const [row] = rowsOf<{ status: BlobStatus }>(
    await db.query('SELECT status FROM blob WHERE digest = $1', [digest]),
  );
  return row?.status;
}
