import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { RegistryctlConfig } from '@harbor-ts/config';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { isValidRepositoryName, tryParseDigest, type Digest } from '@harbor-ts/oci';
import { LOGGER, SERVICE_CONFIG } from '@harbor-ts/runtime';
import { deleteManifestRevision, layout, type StorageDriver } from '@harbor-ts/storage';
import { STORAGE } from './storage.token.js';

/** The destructive half of storage, called by garbage collection: blobs and manifest revisions. */
@Injectable()
export class StorageCleaner {
  constructor(
    @Inject(STORAGE) private readonly storage: StorageDriver,
    @Inject(SERVICE_CONFIG) private readonly config: RegistryctlConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async deleteBlob(reference: string): Promise<void> {
    const digest = this.digest(reference);
    this.ensureDeletionEnabled();
    if (!(await this.storage.stat(layout.blobData(digest))))
      throw HarborError.notFound(`blob ${reference} not found`);
    await this.storage.delete(layout.blobDir(digest));
    this.logger.info({ digest: reference }, 'blob deleted');
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
