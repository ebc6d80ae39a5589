import { parseManifest, type Digest } from '@harbor-ts/oci';
import type { StorageDriver } from './driver.js';
import { layout } from './layout.js';
import { readLink } from './links.js';

/**
 * Removes one manifest revision from a repository, as distribution's manifest delete and GC's vacuum
 * together do: tags whose current manifest it is (they would name nothing), its entry in every other
 * tag's index, the referrers link it holds on its subject, then the revision link itself. The
 * manifest's bytes stay in the blob store for garbage collection. Returns false when the repository
 * has no such revision (nothing is touched).
 */
export async function deleteManifestRevision(
  driver: StorageDriver,
  repository: string,
  digest: Digest,
): Promise<boolean> {
  if (!(await driver.stat(layout.revisionLink(repository, digest)))) return false;
  for (const tag of await driver.list(layout.tagsDir(repository))) {
    const current = await readLink(driver, layout.tagCurrentLink(repository, tag));
    if (current?.value === digest.value) await driver.delete(layout.tagDir(repository, tag));
    else await driver.delete(layout.tagIndexDir(repository, tag, digest));
  }
  const subject = await subjectOf(driver, digest);
  if (subject) await driver.delete(layout.referrerDir(repository, subject, digest));
  await driver.delete(layout.revisionDir(repository, digest));
  return true;
}

/** The subject a referrer (signature, SBOM...) points at; undefined for any other or unreadable manifest. */
async function subjectOf(driver: StorageDriver, digest: Digest): Promise<Digest | undefined> {
  const bytes = await driver.read(layout.blobData(digest));
  if (!bytes) return undefined;
  try {
    return parseManifest(bytes).subject?.digest;
  } catch {
    return undefined;
  }
}
