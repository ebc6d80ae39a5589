import { OciErrorCode } from '@harbor-ts/errors';
import {
  digestOf,
  ManifestError,
  parseDigest,
  parseManifest,
  type Descriptor,
  type Digest,
  type ParsedManifest,
} from '@harbor-ts/oci';
import { deleteManifestRevision, layout, writeLink, type StorageDriver } from '@harbor-ts/storage';
import type { BlobService } from '../blobs/blob.service.js';
import { OciError, manifestUnknown, digestInvalid } from '../http/oci-error.js';
import type { Reference } from '../http/route.js';
import type { ManifestStore } from './manifest-store.js';

/** Pushing and deleting manifests: validated, stored byte-exact, linked as distribution links them. */
export class ManifestService {
  constructor(
    private readonly driver: StorageDriver,
    private readonly store: ManifestStore,
    private readonly blobs: BlobService,
  ) {}

  async put(name: string, reference: Reference, bytes: Buffer, contentType: string | undefined) {
    let manifest: ParsedManifest;
    try {
      manifest = parseManifest(bytes, contentType);
    } catch (error) {
      if (error instanceof ManifestError) throw new OciError(OciErrorCode.MANIFEST_INVALID, error.message);
      throw error;
    }
    const digest = parseDigest(digestOf(bytes, reference.digest?.algorithm ?? 'sha256'));
    if (reference.digest && reference.digest.value !== digest.value) {
      throw digestInvalid(`manifest digest ${digest.value} does not match ${reference.digest.value}`);
    }
    await this.checkReferences(name, manifest);
    if (!(await this.driver.stat(layout.blobData(digest))))
      await this.driver.write(layout.blobData(digest), bytes, { durable: true });
    await writeLink(this.driver, layout.revisionLink(name, digest), digest);
    if (manifest.subject)
      await writeLink(this.driver, layout.referrerLink(name, manifest.subject.digest, digest), digest);
    if (reference.tag) await this.tag(name, reference.tag, digest);
    this.store.remember(digest, { bytes, mediaType: manifest.mediaType });
    return { digest, manifest };
  }

  /** Every blob and child manifest must already be in this repository (MANIFEST_BLOB_UNKNOWN). */
  private async checkReferences(name: string, manifest: ParsedManifest): Promise<void> {
    const missing = async (descriptor: Descriptor, isManifest: boolean) => {
      const present = isManifest
        ? await this.driver.stat(layout.revisionLink(name, descriptor.digest))
        : await this.blobs.isLinked(name, descriptor.digest);
      return present ? undefined : descriptor.digest.value;
    };
    const results = await Promise.all([
      ...manifest.blobs.map((d) => missing(d, false)),
      ...manifest.manifests.map((d) => missing(d, true)),
    ]);
    const unknown = results.find((digest) => digest !== undefined);
    if (unknown) {
      throw new OciError(OciErrorCode.MANIFEST_BLOB_UNKNOWN, 'manifest references an unknown blob', {
        detail: { digest: unknown },
      });
    }
  }

  private async tag(name: string, tag: string, digest: Digest): Promise<void> {
    await writeLink(this.driver, layout.tagIndexLink(name, tag, digest), digest);
    await writeLink(this.driver, layout.tagCurrentLink(name, tag), digest);
  }

  async delete(name: string, reference: Reference): Promise<void> {
    if (reference.tag !== undefined) {
      if (!(await this.driver.stat(layout.tagCurrentLink(name, reference.tag))))
        throw manifestUnknown(reference.tag);
      await this.driver.delete(layout.tagDir(name, reference.tag));
      return;
    }
    const { digest } = await this.store.get(name, reference);
    // Like distribution: tags pointing at a deleted manifest go with it (and its referrers link).
    if (!(await deleteManifestRevision(this.driver, name, digest))) throw manifestUnknown(digest.value);
  }
}
