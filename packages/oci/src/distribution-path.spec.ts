import { describe, expect, it } from 'vitest';
import { parseDistributionPath } from './distribution-path.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const UPLOAD = '0b7d1c2e-1111-4a4a-8b8b-123456789abc';

describe('parseDistributionPath', () => {
  it('classifies ping and catalog, with or without a query', () => {
    expect(parseDistributionPath('/v2')).toEqual({ kind: 'ping' });
    expect(parseDistributionPath('/v2/')).toEqual({ kind: 'ping' });
    expect(parseDistributionPath('/v2/_catalog?n=10')).toEqual({ kind: 'catalog' });
  });

  it.each([
    ['/v2/p/a/b/manifests/v1', 'p/a/b', 'manifest', 'v1'],
    [`/v2/p/r/manifests/${DIGEST}`, 'p/r', 'manifest', DIGEST],
    [`/v2/p/r/blobs/${DIGEST}`, 'p/r', 'blob', DIGEST],
    ['/v2/p/r/blobs/uploads/', 'p/r', 'uploads', ''],
    ['/v2/p/r/blobs/uploads', 'p/r', 'uploads', ''],
    [`/v2/p/r/blobs/uploads/${UPLOAD}?digest=x`, 'p/r', 'upload', UPLOAD],
    [`/v2/p/r/referrers/${DIGEST}?artifactType=x`, 'p/r', 'referrers', DIGEST],
    ['/v2/p/r/tags/list?n=5', 'p/r', 'tags', ''],
    // A repository may itself be called "blobs" or "manifests": the last endpoint segment wins.
    ['/v2/p/blobs/manifests/latest', 'p/blobs', 'manifest', 'latest'],
  ])('%s is %s', (url, name, endpoint, argument) => {
    expect(parseDistributionPath(url)).toEqual({ kind: 'repository', name, endpoint, argument });
  });

  it('refuses names outside the grammar and any percent-encoding, before a name reaches a path', () => {
    expect(parseDistributionPath('/v2/P/R/manifests/v1')).toEqual({
      kind: 'invalid',
      reason: 'name',
      name: 'P/R',
    });
    expect(parseDistributionPath('/v2/a/../b/tags/list')).toMatchObject({ kind: 'invalid', reason: 'name' });
    expect(parseDistributionPath('/v2/p/%2e%2e/manifests/v1')).toMatchObject({
      kind: 'invalid',
      reason: 'escaped',
    });
    expect(parseDistributionPath('/v2/p/r/manifests/v%31')).toMatchObject({
      kind: 'invalid',
      reason: 'escaped',
    });
  });

  it('knows nothing outside /v2 and no other endpoint', () => {
    expect(parseDistributionPath('/api/v2.0/projects')).toBeUndefined();
    expect(parseDistributionPath('/v2/p/r/unknown/x')).toBeUndefined();
    expect(parseDistributionPath('/v2/p/r/manifests/a/b')).toBeUndefined();
    expect(parseDistributionPath('/v20/p/r/tags/list')).toBeUndefined();
  });
});
