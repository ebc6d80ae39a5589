import { Injectable } from '@nestjs/common';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { PeerClients } from '../infrastructure/peer-clients.js';

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

function registryFailure(what: string, status: number): HarborError {
  return new HarborError(
    HarborErrorCode.INTERNAL_SERVER_ERROR,
    `registry refused to ${what} (HTTP ${status})`,
  );
}

/** Core's own calls to the internal registry for manifests. References are digests or tags ([\w.-]), safe in a path as they are. */
@Injectable()
export class RegistryManifests {
  constructor(private readonly peers: PeerClients) {}

  /** The manifest bytes exactly as pushed, so a new tag names the same digest. */
  async get(repository: string, digest: string): Promise<{ bytes: Buffer; contentType: string }> {
    const response = await this.peers.registry.request(`/v2/${repository}/manifests/${digest}`, {
      method: 'GET',
      headers: { accept: MANIFEST_TYPES },
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw registryFailure(`read ${repository}@${digest}`, response.statusCode);
    }
    const contentType = String(response.headers['content-type'] ?? '').split(';')[0] ?? '';
    return { bytes: Buffer.from(await response.body.arrayBuffer()), contentType };
  }

  async put(
    repository: string,
    tag: string,
    manifest: { bytes: Buffer; contentType: string },
  ): Promise<void> {
    const response = await this.peers.registry.request(`/v2/${repository}/manifests/${tag}`, {
      method: 'PUT',
      headers: { 'content-type': manifest.contentType },
      body: manifest.bytes,
    });
    await response.body.dump();
    if (response.statusCode !== 201) throw registryFailure(`tag ${repository}:${tag}`, response.statusCode);
  }

  /** Deletes a manifest (by digest) or a tag; already gone counts as done. */
  async delete(repository: string, reference: string): Promise<void> {
    const response = await this.peers.registry.request(`/v2/${repository}/manifests/${reference}`, {
      method: 'DELETE',
    });
    await response.body.dump();
    if (response.statusCode !== 202 && response.statusCode !== 404) {
      throw registryFailure(`delete ${repository}:${reference}`, response.statusCode);
    }
  }
}
