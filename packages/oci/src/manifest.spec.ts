import { describe, expect, it } from 'vitest';
import { digestOf } from './digest.js';
import { ManifestError, parseManifest } from './manifest.js';
import { MediaType } from './media-types.js';

const d = (s: string) => digestOf(s);
const image = (extra: object = {}) =>
  Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: d('c'), size: 1 },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: d('l'), size: 1 },
        { mediaType: MediaType.DOCKER_FOREIGN_LAYER, digest: d('f'), size: 1, urls: ['https://example.com/f'] },
      ],
      ...extra,
    }),
  );

describe('parseManifest', () => {
  it('lists the blobs to check, skipping foreign layers, and reports the config type as artifactType', () => {
    const m = parseManifest(image(), MediaType.OCI_MANIFEST);
    expect(m.blobs.map((b) => b.digest.value)).toEqual([d('c'), d('l')]);
    expect(m.artifactType).toBe('application/vnd.oci.image.config.v1+json');
  });
  it('reads subject, artifactType and annotations', () => {
    const subject = { mediaType: MediaType.OCI_MANIFEST, digest: d('s'), size: 3 };
    const m = parseManifest(image({ subject, artifactType: 'x/y', annotations: { a: 'b' } }));
    expect(m.subject?.digest.value).toBe(d('s'));
    expect(m.artifactType).toBe('x/y');
    expect(m.annotations).toEqual({ a: 'b' });
  });
  it('refuses a mediaType that contradicts the Content-Type', () => {
    expect(() => parseManifest(image(), MediaType.DOCKER_MANIFEST)).toThrow(ManifestError);
  });
  it('parses indexes and infers a missing mediaType', () => {
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: MediaType.OCI_MANIFEST, digest: d('m'), size: 1 }] }));
    const m = parseManifest(index);
    expect(m.isIndex).toBe(true);
    expect(m.mediaType).toBe(MediaType.OCI_INDEX);
    expect(m.manifests).toHaveLength(1);
  });
  it.each([
    ['not json', '{'],
    ['schema 1', '{"schemaVersion":1}'],
    ['array', '[]'],
    ['bad digest', JSON.stringify({ schemaVersion: 2, config: { mediaType: 'a', digest: 'sha256:x', size: 1 }, layers: [] })],
    ['negative size', JSON.stringify({ schemaVersion: 2, config: { mediaType: 'a', digest: d('c'), size: -1 }, layers: [] })],
    ['unknown type', JSON.stringify({ schemaVersion: 2, mediaType: 'text/plain', config: {}, layers: [] })],
  ])('refuses %s', (_label, body) => {
    expect(() => parseManifest(Buffer.from(body))).toThrow(ManifestError);
  });
});
