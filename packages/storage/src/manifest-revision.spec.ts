import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digestOf, parseDigest, type Digest } from '@harbor-ts/oci';
import { FilesystemDriver } from './filesystem-driver.js';
import { layout } from './layout.js';
import { readLink, writeLink } from './links.js';
import { deleteManifestRevision } from './manifest-revision.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

const REPO = 'lib/app';

/** Stores a manifest as the registry does: bytes in the blob store, a revision link in the repository. */
async function putManifest(fs: FilesystemDriver, body: object, tags: string[] = []): Promise<Digest> {
  const bytes = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    ...body,
  });
  const digest = parseDigest(digestOf(bytes));
  await fs.write(layout.blobData(digest), bytes);
  await writeLink(fs, layout.revisionLink(REPO, digest), digest);
  for (const tag of tags) {
    await writeLink(fs, layout.tagIndexLink(REPO, tag, digest), digest);
    await writeLink(fs, layout.tagCurrentLink(REPO, tag), digest);
  }
  return digest;
}

const descriptor = (content: string, mediaType = 'application/vnd.oci.image.config.v1+json') => ({
  mediaType,
  digest: digestOf(content),
  size: content.length,
});

describe('deleteManifestRevision', () => {
  it('removes the revision, tags currently on it, its index entries under other tags, and its referrer link', async () => {
    const fs = new FilesystemDriver(mkdtempSync(join(tmpdir(), 'revision-')));
    roots.push(fs.base);
    const config = descriptor('{}');
    const subject = await putManifest(fs, { config, layers: [] }, ['keep']);
    const old = await putManifest(fs, { config, layers: [descriptor('old', 'application/octet-stream')] }, [
      'v1',
      'moved',
    ]);
    // "moved" was re-pointed at the subject later: its index still lists the old revision.
    await writeLink(fs, layout.tagIndexLink(REPO, 'moved', subject), subject);
    await writeLink(fs, layout.tagCurrentLink(REPO, 'moved'), subject);
    const signature = await putManifest(fs, {
      config,
      layers: [],
      subject: { ...descriptor('s'), digest: subject.value },
    });
    await writeLink(fs, layout.referrerLink(REPO, subject, signature), signature);

    expect(await deleteManifestRevision(fs, REPO, old)).toBe(true);
    expect(await fs.stat(layout.revisionLink(REPO, old))).toBeUndefined();
    expect(await fs.list(layout.tagsDir(REPO))).toEqual(['keep', 'moved']);
    expect(await fs.stat(layout.tagIndexLink(REPO, 'moved', old))).toBeUndefined();
    expect((await readLink(fs, layout.tagCurrentLink(REPO, 'moved')))?.value).toBe(subject.value);
    expect(await fs.stat(layout.blobData(old))).toBeDefined(); // the bytes are garbage collection's

    expect(await deleteManifestRevision(fs, REPO, signature)).toBe(true);
    expect(await fs.stat(layout.referrerLink(REPO, subject, signature))).toBeUndefined();
    expect(await fs.stat(layout.revisionLink(REPO, subject))).toBeDefined();
  });

  it('answers false and touches nothing for a revision the repository does not have', async () => {
    const fs = new FilesystemDriver(mkdtempSync(join(tmpdir(), 'revision-')));
    roots.push(fs.base);
    const here = await putManifest(fs, { config: descriptor('{}'), layers: [] }, ['v1']);
    expect(await deleteManifestRevision(fs, REPO, parseDigest(digestOf('elsewhere')))).toBe(false);
    expect((await readLink(fs, layout.tagCurrentLink(REPO, 'v1')))?.value).toBe(here.value);
  });
});
