import { isSupportedAlgorithm, MediaType, parseManifest, tryParseDigest, type Digest } from '@harbor-ts/oci';
import { layout, type StorageDriver } from '@harbor-ts/storage';
import type { ManifestStore } from './manifest-store.js';

interface ReferrerDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

/** The referrers API, from the `_referrers` index written when a manifest with a subject is pushed. */
export class ReferrersService {
  constructor(
    private readonly driver: StorageDriver,
    private readonly store: ManifestStore,
  ) {}

  async list(name: string, subject: Digest, artifactType?: string) {
    const base = layout.referrersDir(name, subject);
    const manifests: ReferrerDescriptor[] = [];
    for (const algorithm of (await this.driver.list(base)).filter(isSupportedAlgorithm)) {
      for (const hex of (await this.driver.list(`${base}/${algorithm}`)).sort()) {
        const digest = tryParseDigest(`${algorithm}:${hex}`);
        const descriptor = digest && (await this.describe(name, digest));
        if (descriptor && (artifactType === undefined || descriptor.artifactType === artifactType))
          manifests.push(descriptor);
      }
    }
    return { schemaVersion: 2, mediaType: MediaType.OCI_INDEX, manifests };
  }

  /** Undefined when the referrer was deleted since (its revision link is gone). */
  private async describe(name: string, digest: Digest): Promise<ReferrerDescriptor | undefined> {
    try {
      const { bytes } = await this.store.get(name, { digest });
      const manifest = parseManifest(bytes);
      return {
        mediaType: manifest.mediaType,
        digest: digest.value,
        size: bytes.length,
        ...(manifest.artifactType ? { artifactType: manifest.artifactType } : {}),
        ...(manifest.annotations ? { annotations: manifest.annotations } : {}),
      };
    } catch {
      return undefined;
    }
  }
}
