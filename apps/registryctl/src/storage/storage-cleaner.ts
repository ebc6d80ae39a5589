import type { Logger } from 'pino';
import type { RegistryctlConfig } from '@harbor-ts/config';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { isValidRepositoryName, tryParseDigest, type Digest } from '@harbor-ts/oci';
import { deleteManifestRevision, layout, type StorageDriver } from '@harbor-ts/storage';

/** Deletes in a GC batch run this many at once: storage calls overlap, and the thread pool stays shared. */
const BATCH_CONCURRENCY = 8;

export interface BlobDeleteResult {
  digest: string;
  /** `not_found` counts as done for GC: a retried run finds what it deleted before. */
  status: 'deleted' | 'not_found' | 'invalid' | 'error';
  message?: string;
}

/** The destructive half of storage, called by garbage collection: blobs and manifest revisions. */
export class StorageCleaner {
  constructor(
    private readonly storage: StorageDriver,
    private readonly config: RegistryctlConfig,
    private readonly logger: Logger,
  ) {}

  async deleteBlob(reference: string): Promise<void> {
    const digest = this.digest(reference);
    this.ensureDeletionEnabled();
    if (!(await this.storage.stat(layout.blobData(digest))))
      throw HarborError.notFound(`blob ${reference} not found`);
    await this.storage.delete(layout.blobDir(digest));
    this.logger.info({ digest: reference }, 'blob deleted');
  }

  /**
   * GC's batch: each digest deleted on its own, a few at a time, and answered one by one, so one
   * failure neither stops the others nor hides which ones are gone.
   */
  async deleteBlobs(references: string[]): Promise<BlobDeleteResult[]> {
    this.ensureDeletionEnabled();
    const results: BlobDeleteResult[] = new Array<BlobDeleteResult>(references.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < references.length; i = next++) {
        const digest = references[i]!;
        results[i] = await this.deleteOneOfBatch(digest);
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, references.length) }, worker));
    this.logger.info({ count: references.length }, 'blob batch deleted');
    return results;
  }

  private async deleteOneOfBatch(reference: string): Promise<BlobDeleteResult> {
    const digest = tryParseDigest(reference);
    if (!digest) return { digest: reference, status: 'invalid', message: `invalid digest ${reference}` };
    try {
      // No stat first: the unlink itself tells whether the blob was there.
      const removed = await this.storage.delete(layout.blobDir(digest), { files: ['data'] });
      return { digest: reference, status: removed ? 'deleted' : 'not_found' };
    } catch (error) {
      this.logger.error({ err: error, digest: reference }, 'blob not deleted');
      return {
        digest: reference,
        status: 'error',
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }

  /** Removes the revision with its tag index entries, tags on it and referrers link (`deleteManifestRevision`). */
  async deleteManifest(repository: string, reference: string): Promise<void> {
    if (!isValidRepositoryName(repository))
      throw HarborError.badRequest(`invalid repository name ${repository}`);
    const digest = this.digest(reference);
    this.ensureDeletionEnabled();
    if (!(await deleteManifestRevision(this.storage, repository, digest))) {
      throw HarborError.notFound(`manifest ${repository}@${reference} not found`);
    }
    this.logger.info({ repository, digest: reference }, 'manifest revision deleted');
  }

  private digest(reference: string): Digest {
    const digest = tryParseDigest(reference);
    if (!digest) throw new HarborError(HarborErrorCode.DIGEST_INVALID, `invalid digest ${reference}`);
    return digest;
  }

  private ensureDeletionEnabled() {
    if (!this.config.storage.deleteEnabled) {
      throw new HarborError(HarborErrorCode.METHOD_NOT_ALLOWED, 'deletion is disabled in storage_service');
    }
  }
}
