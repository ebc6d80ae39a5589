import { describe, expect, it } from 'vitest';
import { parseV2Route, requiredAction } from './v2-route.js';

describe('parseV2Route', () => {
  it('classifies registry endpoints, names with slashes included', () => {
    expect(parseV2Route('/v2/')).toEqual({ kind: 'ping' });
    expect(parseV2Route('/v2/_catalog?n=10')).toEqual({ kind: 'catalog' });
    expect(parseV2Route('/v2/p/a/b/manifests/v1')).toMatchObject({
      kind: 'repository',
      name: 'p/a/b',
      target: 'manifest',
      reference: 'v1',
    });
    expect(parseV2Route('/v2/p/r/blobs/uploads/')).toMatchObject({ name: 'p/r', target: 'upload' });
    expect(parseV2Route('/v2/p/r/blobs/uploads/0b7d1c2e-1111-4a4a-8b8b-123456789abc?digest=x')).toMatchObject(
      { name: 'p/r', target: 'upload' },
    );
    expect(parseV2Route('/v2/p/r/blobs/sha256:abc')).toMatchObject({ name: 'p/r', target: 'blob' });
    expect(parseV2Route('/v2/p/r/tags/list')).toMatchObject({ name: 'p/r', target: 'tags' });
  });

  it('refuses names outside the grammar and foreign paths', () => {
    expect(parseV2Route('/v2/P/R/manifests/v1')).toBeUndefined();
    expect(parseV2Route('/v2/p/%2e%2e/manifests/v1')).toBeUndefined();
    expect(parseV2Route('/api/v2.0/projects')).toBeUndefined();
  });

  it('maps methods to token actions', () => {
    const manifest = { kind: 'repository', name: 'p/r', target: 'manifest', reference: 'v1' } as const;
    const upload = { ...manifest, target: 'upload' } as const;
    expect(requiredAction('HEAD', manifest)).toBe('pull');
    expect(requiredAction('PUT', manifest)).toBe('push');
    expect(requiredAction('DELETE', manifest)).toBe('delete');
    expect(requiredAction('DELETE', upload)).toBe('push');
  });
});
