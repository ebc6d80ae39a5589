import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BlobStatus, touchBlobForRead, touchBlobForUpload, touchBlobsForManifest } from '@harbor-ts/db';
import { TtlCache } from './ttl-cache.js';

/** Blobs confirmed in use and freshly touched; GC's window (hours) cannot reach them this soon. */
const IN_USE_CACHE_MS = 5_000;
/** How long an upload's last PUT waits for GC to finish deleting the same digest. */
const UPLOAD_WAIT_MS = 10_000;
const UPLOAD_POLL_MS = 200;

/**
 * Core's side of GC's blob status machine on /v2, so a blob a push or pull is using is never deleted:
 * reads and mounts take a candidate back from GC, a blob GC is deleting is absent (the client uploads
 * it again), an upload of such a digest waits for GC to finish, and a manifest over one is refused.
 * One statement per request, none for a blob seen in use a moment ago.
 */
@Injectable()
export class BlobGcGate {
  private readonly inUse = new TtlCache<true>(IN_USE_CACHE_MS);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** HEAD, GET, mount source: false when GC is deleting it (or failed to), so it must look absent. */
  async readable(digest: string): Promise<boolean> {
    if (this.inUse.get(digest)) return true;
    const probe = await touchBlobForRead(this.dataSource, digest);
    if (!probe) return true; // unknown to the catalogue: the registry answers for it
    if (probe.status !== BlobStatus.None) return false;
    if (probe.fresh) this.inUse.set(digest, true);
    return true;
  }

  /** The last PUT of an upload: true once GC is done with the digest, false if it still is after the wait. */
  async uploadMayCommit(digest: string): Promise<boolean> {
    const deadline = Date.now() + UPLOAD_WAIT_MS;
    for (;;) {
      const probe = await touchBlobForUpload(this.dataSource, digest);
      if (probe?.status !== BlobStatus.Deleting) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, UPLOAD_POLL_MS));
    }
  }

  /** A manifest PUT touches everything it references; returns the digests GC is deleting. */
  async manifestBlobsBeingDeleted(digests: string[]): Promise<string[]> {
    const deleting = await touchBlobsForManifest(this.dataSource, digests);
    for (const digest of deleting) this.inUse.delete(digest);
    return deleting;
  }
}
