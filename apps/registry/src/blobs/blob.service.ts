import { open, type FileHandle } from 'node:fs/promises';
import type { Digest } from '@harbor-ts/oci';
import { layout, recentBlobs, writeLink, type StorageDriver } from '@harbor-ts/storage';
import { blobUnknown } from '../http/oci-error.js';

/** Blobs as a repository sees them: shared content under blobs/, visible through _layers links. */
export class BlobService {
  constructor(private readonly driver: StorageDriver) {}

  /** Size of a blob linked into `name`; BLOB_UNKNOWN otherwise. */
  async size(name: string, digest: Digest): Promise<number> {
    const [link, data] = await Promise.all([
      this.driver.stat(layout.layerLink(name, digest)),
      this.driver.stat(layout.blobData(digest)),
    ]);
    if (!link || !data || data.isDirectory) throw blobUnknown(digest.value);
    return data.size;
  }

  async isLinked(name: string, digest: Digest): Promise<boolean> {
    const [link, data] = await Promise.all([
      this.driver.stat(layout.layerLink(name, digest)),
      this.driver.stat(layout.blobData(digest)),
    ]);
    return Boolean(link && data);
  }

  /** The blob's file, open for reading; BLOB_UNKNOWN if it vanished since it was looked up. */
  /** Whether the blob is among the recently pushed the page cache keeps (recent-blobs.ts). */
  isRecentlyPushed(digest: Digest): boolean {
    return recentBlobs.isKept(this.driver.absolute(layout.blobData(digest)));
  }

  async open(digest: Digest): Promise<FileHandle> {
    try {
      return await open(this.driver.absolute(layout.blobData(digest)), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw blobUnknown(digest.value);
      throw error;
    }
  }

  link(name: string, digest: Digest): Promise<void> {
    return writeLink(this.driver, layout.layerLink(name, digest), digest);
  }

  /** Distribution's semantics: the repository forgets the blob; the content goes at garbage collection. */
  async unlink(name: string, digest: Digest): Promise<void> {
    if (!(await this.driver.stat(layout.layerLink(name, digest)))) throw blobUnknown(digest.value);
    await this.driver.delete(layout.layerDir(name, digest));
  }

  /** Links a blob of `from` into `name`; false when `from` does not have it (the client then uploads). */
  async mount(name: string, from: string, digest: Digest): Promise<number | undefined> {
    if (!(await this.isLinked(from, digest))) return undefined;
    await this.link(name, digest);
    return (await this.driver.stat(layout.blobData(digest)))?.size;
  }
}
