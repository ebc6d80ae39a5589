import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDigest, digestOf } from '@harbor-ts/oci';
import { FilesystemDriver } from './filesystem-driver.js';
import { layout } from './layout.js';
import { readLink, writeLink } from './links.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));
const driver = () => {
  const root = mkdtempSync(join(tmpdir(), 'storage-'));
  roots.push(root);
  return new FilesystemDriver(root);
};

describe('FilesystemDriver with distribution layout', () => {
  it('writes under docker/registry/v2 with distribution paths and leaves no temporary files', async () => {
    const fs = driver();
    const digest = parseDigest(digestOf('data'));
    await fs.write(layout.blobData(digest), 'data');
    await writeLink(fs, layout.tagCurrentLink('lib/app', 'v1'), digest);
    expect((await fs.read(`blobs/sha256/${digest.hex.slice(0, 2)}/${digest.hex}/data`))?.toString()).toBe(
      'data',
    );
    expect((await readLink(fs, 'repositories/lib/app/_manifests/tags/v1/current/link'))?.value).toBe(
      digest.value,
    );
    expect(readdirSync(join(fs.base, 'repositories/lib/app/_manifests/tags/v1/current'))).toEqual(['link']);
  });
  it('reports absence as undefined / empty, never throws for it', async () => {
    const fs = driver();
    expect(await fs.read('nope')).toBeUndefined();
    expect(await fs.stat('nope/nope')).toBeUndefined();
    expect(await fs.list('nope')).toEqual([]);
    await fs.delete('nope');
  });
  it('refuses paths that climb out of the root', () => {
    expect(() => driver().absolute('repositories/../../etc/passwd')).toThrow();
  });
  it('moves files atomically into new folders', async () => {
    const fs = driver();
    await fs.write('a/b', 'x');
    await fs.move('a/b', 'c/d/e');
    expect(await fs.stat('a/b')).toBeUndefined();
    expect((await fs.read('c/d/e'))?.toString()).toBe('x');
  });
});
