import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { MANIFEST_MEDIA_TYPES } from '@harbor-ts/oci';
import type { Manifest } from '@harbor-ts/registry-client';
import { PushRecorder } from '../artifacts/push-recorder.service.js';
import { PeerClients } from '../infrastructure/peer-clients.js';
import { PushQuota } from '../registry-gateway/push-quota.js';

/** A large layer over a slow upstream takes long; only silence times out. */
const TRANSFER_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * The internal registry as the proxy cache writes to it: blobs and manifests go in as a push would,
 * and each manifest is recorded so the artifact lists in its project like any other.
 */
@Injectable()
export class LocalRegistry {
  constructor(
    private readonly peers: PeerClients,
    private readonly pushes: PushRecorder,
    private readonly quota: PushQuota,
  ) {}

  /** The digest the registry holds for a tag or digest, or undefined. */
  async manifestDigest(repository: string, reference: string): Promise<string | undefined> {
    const res = await this.peers.registry.request(`/v2/${repository}/manifests/${reference}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    });
    await res.body.dump();
    const digest = res.headers['docker-content-digest'];
    return res.statusCode === 200 && typeof digest === 'string' ? digest : undefined;
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const res = await this.peers.registry.request(`/v2/${repository}/blobs/${digest}`, { method: 'HEAD' });
    await res.body.dump();
    return res.statusCode === 200;
  }

  /** Streams a blob into the repository; the registry checks the digest before committing it. */
  async putBlob(repository: string, digest: string, size: number, body: Readable): Promise<void> {
    const start = await this.peers.registry.request(`/v2/${repository}/blobs/uploads/`, {
      method: 'POST',
      headers: { 'content-length': '0' },
    });
    await start.body.dump();
    const location = start.headers.location;
    if (start.statusCode !== 202 || typeof location !== 'string')
      throw new Error(`the registry did not start an upload (${start.statusCode})`);
    const url = new URL(location, 'http://registry');
    url.searchParams.set('digest', digest);
    const res = await this.peers.registry.request(`${url.pathname}${url.search}`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/octet-stream',
        ...(size >= 0 ? { 'content-length': String(size) } : {}),
      },
      body,
      timeoutMs: TRANSFER_TIMEOUT_MS,
    });
    const text = await res.body.text();
    if (res.statusCode !== 201) throw new Error(`storing ${digest} failed (${res.statusCode}): ${text}`);
  }

  /**
   * Puts a manifest (by tag, or by digest when `tag` is absent) and records the artifact; cached content
   * counts against the project's quota as in Harbor (over the limit: not cached, the pull was served).
   */
  async putManifest(
    repository: string,
    manifest: Manifest,
    tag: string | undefined,
    operator: string,
  ): Promise<void> {
    const project = repository.split('/')[0] ?? '';
    const request = { repository, digest: manifest.digest, operator, ...(tag ? { tag } : {}) };
    const reservation = await this.quota.reserve(project, request, manifest.bytes, manifest.mediaType);
    const res = await this.peers.registry.request(`/v2/${repository}/manifests/${tag ?? manifest.digest}`, {
      method: 'PUT',
      headers: { 'content-type': manifest.mediaType },
      body: manifest.bytes,
    });
    const text = await res.body.text();
    if (res.statusCode !== 201) {
      await this.quota.release(reservation);
      throw new Error(`storing manifest ${manifest.digest} failed (${res.statusCode}): ${text}`);
    }
    await this.pushes.record({
      repository,
      project,
      digest: manifest.digest,
      bytes: manifest.bytes,
      contentType: manifest.mediaType,
      operator,
      ...(tag ? { tag } : {}),
    });
  }
}
