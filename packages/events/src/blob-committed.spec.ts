import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { decodeBlobCommitted, encodeBlobCommitted, type BlobCommitted } from './blob-committed.js';

const blob: BlobCommitted = {
  type: 'blob',
  repository: 'library/app',
  digest: `sha256:${'a'.repeat(64)}`,
  size: 1234,
  mediaType: 'application/octet-stream',
  at: '2026-12-03T10:00:00.000Z',
};

describe('the blob-committed stream entry', () => {
  it('round-trips through the flat field list Redis stores', () => {
    const fields = encodeBlobCommitted(blob);
    expect(fields).toEqual([
      'type',
      'blob',
      'repository',
      'library/app',
      'digest',
      blob.digest,
      'size',
      '1234',
      'mediaType',
      'application/octet-stream',
      'at',
      blob.at,
    ]);
    expect(decodeBlobCommitted(fields)).toEqual(blob);
  });

  it('keeps the tag of a manifest and leaves it out when there is none', () => {
    const manifest: BlobCommitted = { ...blob, type: 'manifest', tag: 'v1' };
    expect(decodeBlobCommitted(encodeBlobCommitted(manifest))).toEqual(manifest);
    expect(encodeBlobCommitted(blob)).not.toContain('tag');
  });

  it('refuses entries that are not a commit event, instead of reading them as empty fields', () => {
    expect(() => decodeBlobCommitted(['type', 'blob', 'digest', blob.digest])).toThrow(ZodError);
    expect(() =>
      decodeBlobCommitted(encodeBlobCommitted(blob).map((f) => (f === '1234' ? 'big' : f))),
    ).toThrow(ZodError);
    expect(() => encodeBlobCommitted({ ...blob, size: -1 })).toThrow(ZodError);
  });
});
