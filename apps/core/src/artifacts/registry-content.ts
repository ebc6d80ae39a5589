import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { digestOf, MANIFEST_MEDIA_TYPES, parseDigest } from '@harbor-ts/oci';
import { PeerClients } from '../infrastructure/peer-clients.js';
import { readLimited } from '../registry-gateway/read-limited.js';

function registryFailure(what: string, status: number): HarborError {
  return new HarborError(
    HarborErrorCode.INTERNAL_SERVER_ERROR,
    `registry refused to ${what} (HTTP ${status})`,
  );
}

/** The registry refuses larger manifests. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface StoredManifest {
  bytes: Buffer;
  contentType: string;
}

/**
 * Core's own calls to the internal registry about manifests and blobs (tags, deletes, copies, additions),
 * with its credentials. References are digests or tags ([\w.:-]), safe in a path as they are.
 */
@Injectable()
export class RegistryContent {
  constructor(private readonly peers: PeerClients) {}

  /** A manifest by digest, exactly as pushed; bytes that do not hash to the digest are refused. */
  async manifest(repository: string, digest: string): Promise<StoredManifest> {
    const response = await this.peers.registry.request(`/v2/${repository}/manifests/${digest}`, {
      method: 'GET',
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw registryFailure(`read manifest ${repository}@${digest}`, response.statusCode);
    }
    const bytes = await readLimited(response.body, MAX_MANIFEST_BYTES + 1);
    response.body.destroy();
    if (bytes.length > MAX_MANIFEST_BYTES || digestOf(bytes, parseDigest(digest).algorithm) !== digest) {
      throw new HarborError(
        HarborErrorCode.INTERNAL_SERVER_ERROR,
        `manifest ${repository}@${digest} is not what was stored`,
      );
    }
    const contentType = String(response.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    return { bytes, contentType };
  }

  /** Stores manifest bytes under a tag or their digest. */
  async putManifest(repository: string, reference: string, manifest: StoredManifest): Promise<void> {
    const response = await this.peers.registry.request(`/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: { 'content-type': manifest.contentType },
      body: manifest.bytes,
    });
    await response.body.dump();
    if (response.statusCode !== 201)
      throw registryFailure(`store manifest ${repository}:${reference}`, response.statusCode);
  }

  /** Deletes a manifest (by digest) or a tag; already gone counts as done. */
  async deleteManifest(repository: string, reference: string): Promise<void> {
    const response = await this.peers.registry.request(`/v2/${repository}/manifests/${reference}`, {
      method: 'DELETE',
    });
    await response.body.dump();
    if (response.statusCode !== 202 && response.statusCode !== 404)
      throw registryFailure(`delete ${repository}:${reference}`, response.statusCode);
  }

  /** A blob's bytes, refused when larger than `maxBytes` so a huge blob never sits in memory. */
  async read(repository: string, digest: string, maxBytes: number): Promise<Buffer> {
    const body = await this.open(repository, digest);
    const bytes = await readLimited(body, maxBytes + 1);
    body.destroy();
    if (bytes.length > maxBytes) {
      throw new HarborError(
        HarborErrorCode.INTERNAL_SERVER_ERROR,
        `blob ${digest} is larger than ${maxBytes} bytes`,
      );
    }
    return bytes;
  }

  /** A blob as a stream, for content read piece by piece (chart archives). */
  async open(repository: string, digest: string): Promise<Readable> {
    const response = await this.peers.registry.request(`/v2/${repository}/blobs/${digest}`, {
      method: 'GET',
      timeoutMs: 60_000,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw registryFailure(`read blob ${repository}@${digest}`, response.statusCode);
    }
    return response.body;
  }

  /**
   * Links a blob the registry already holds in `from` into `repository` without moving its bytes.
   * Distribution answers 202 (a new, empty upload) when it cannot mount; that upload is cancelled.
   */
  async mount(repository: string, digest: string, from: string): Promise<void> {
    const query = new URLSearchParams({ mount: digest, from });
    const response = await this.peers.registry.request(`/v2/${repository}/blobs/uploads/?${query}`, {
      method: 'POST',
    });
    await response.body.dump();
    if (response.statusCode === 201) return;
    const location = response.headers.location;
    if (response.statusCode === 202 && typeof location === 'string') {
      const upload = new URL(location, 'http://registry');
      const cancelled = await this.peers.registry.request(`${upload.pathname}${upload.search}`, {
        method: 'DELETE',
      });
      await cancelled.body.dump();
    }
    throw registryFailure(`mount ${digest} from ${from} into ${repository}`, response.statusCode);
  }
}
