import { MANIFEST_MEDIA_TYPES, MediaType, type Digest } from '@harbor-ts/oci';
import { layout, readLink, type StorageDriver } from '@harbor-ts/storage';
import { manifestUnknown } from '../http/oci-error.js';
import type { Reference } from '../http/route.js';

export interface StoredManifest {
  digest: Digest;
  bytes: Buffer;
  mediaType: string;
}

/** Manifest bytes are content-addressed, so caching them by digest is always safe; bounded by size. */
const CACHE_BYTES = 32 << 20;

/** Reads manifests the way distribution lays them out: tag link → revision link → blob data. */
export class ManifestStore {
  private readonly cache = new Map<string, { bytes: Buffer; mediaType: string }>();
  private cachedBytes = 0;

  constructor(private readonly driver: StorageDriver) {}

  async resolve(name: string, reference: Reference): Promise<Digest> {
    const digest =
      reference.digest ?? (await readLink(this.driver, layout.tagCurrentLink(name, reference.tag)));
    if (!digest || !(await this.driver.stat(layout.revisionLink(name, digest)))) {
      throw manifestUnknown(reference.tag ?? reference.digest.value);
    }
    return digest;
  }

  async get(name: string, reference: Reference): Promise<StoredManifest> {
    const digest = await this.resolve(name, reference);
    const cached = this.cache.get(digest.value);
    if (cached) return { digest, ...cached };
    const bytes = await this.driver.read(layout.blobData(digest));
    if (!bytes) throw manifestUnknown(reference.tag ?? digest.value);
    const entry = { bytes, mediaType: storedMediaType(bytes) };
    this.remember(digest, entry);
    return { digest, ...entry };
  }

  remember(digest: Digest, entry: { bytes: Buffer; mediaType: string }): void {
    if (entry.bytes.length > CACHE_BYTES / 8 || this.cache.has(digest.value)) return;
    while (this.cachedBytes + entry.bytes.length > CACHE_BYTES) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cachedBytes -= this.cache.get(oldest)?.bytes.length ?? 0;
      this.cache.delete(oldest);
    }
    this.cache.set(digest.value, entry);
    this.cachedBytes += entry.bytes.length;
  }
}

/** The media type to serve stored bytes with: the declared one, else inferred as distribution does. */
export function storedMediaType(bytes: Buffer): string {
  try {
    const body = JSON.parse(bytes.toString('utf8')) as {
      mediaType?: unknown;
      manifests?: unknown;
      schemaVersion?: unknown;
    };
    if (typeof body.mediaType === 'string' && MANIFEST_MEDIA_TYPES.includes(body.mediaType))
      return body.mediaType;
    if (body.schemaVersion === 1) return 'application/vnd.docker.distribution.manifest.v1+prettyjws';
    return Array.isArray(body.manifests) ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST;
  } catch {
    return MediaType.OCI_MANIFEST;
  }
}
