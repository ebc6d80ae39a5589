import { createHash } from 'node:crypto';
import { MANIFEST_MEDIA_TYPES } from '@harbor-ts/oci';
import { repositoryScope } from './challenge.js';
import type { Readable } from 'node:stream';
import { copyBlobStream, openBlob, type BlobCopyOptions } from './blob-copy.js';
import {
  expectStatus,
  header,
  RegistryHttp,
  type RegistryEndpoint,
  type RegistryHttpOptions,
} from './registry-http.js';

const PULL = ['pull'];
const PUSH = ['pull', 'push'];
const PAGE = 1000;

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
}

export interface Manifest {
  mediaType: string;
  digest: string;
  bytes: Buffer;
}

/**
 * The OCI distribution API of one registry, as replication uses it: listing, manifests, blob
 * existence, cross-repository mounts and blob copies from another registry's client.
 */
export class RegistryClient {
  readonly http: RegistryHttp;

  constructor(endpoint: RegistryEndpoint, options: RegistryHttpOptions = {}) {
    this.http = new RegistryHttp(endpoint, options);
  }

  /** Checks the registry answers `/v2/` and takes the credentials (a token for no scope, or Basic). */
  async ping(): Promise<void> {
    const res = await this.http.send('GET', '/v2/');
    await expectStatus(res, [200], 'GET /v2/');
    await res.body.dump();
  }

  /** Every repository of `/v2/_catalog`, following `Link` pages. */
  async catalog(): Promise<string[]> {
    return this.paged('/v2/_catalog', ['registry:catalog:*'], 'repositories');
  }

  async tags(repository: string): Promise<string[]> {
    return this.paged(`/v2/${repository}/tags/list`, [repositoryScope(repository, PULL)], 'tags');
  }

  /** The manifest's digest, or undefined when the registry has no such tag or digest. */
  async headManifest(repository: string, reference: string): Promise<string | undefined> {
    const res = await this.http.send('HEAD', `/v2/${repository}/manifests/${reference}`, {
      scopes: [repositoryScope(repository, PULL)],
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    });
    // The status is checked before the body is drained: undici crashes the process when a drained
    // body is read again (nodejs/undici#5614), which expectStatus does to give the remote's reason.
    if (res.statusCode !== 404) await expectStatus(res, [200], `HEAD ${repository}:${reference}`);
    await res.body.dump();
    return res.statusCode === 404 ? undefined : header(res, 'docker-content-digest');
  }

  /**
   * What a HEAD tells of a manifest (digest, media type, size), or undefined when the registry has no
   * such tag or digest. A proxy cache's freshness check: a HEAD costs no Docker Hub pull quota.
   */
  async manifestHead(repository: string, reference: string): Promise<ManifestHead | undefined> {
    const res = await this.http.send('HEAD', `/v2/${repository}/manifests/${reference}`, {
      scopes: [repositoryScope(repository, PULL)],
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    });
    if (res.statusCode !== 404) await expectStatus(res, [200], `HEAD ${repository}:${reference}`);
    await res.body.dump();
    const digest = header(res, 'docker-content-digest');
    if (res.statusCode === 404 || !digest) return undefined;
    const mediaType = (header(res, 'content-type') ?? '').split(';')[0]!.trim();
    return { digest, mediaType, size: Number(header(res, 'content-length') ?? 0) };
  }

  /** A blob's bytes as a stream (a storage redirect followed without credentials), with its size. */
  async blobStream(repository: string, digest: string): Promise<{ body: Readable; size: number }> {
    return openBlob(this.http, repository, digest);
  }

  /** The URL and Authorization header of a blob's GET, for another HTTP client (nginx) to send it. */
  async blobRequest(repository: string, digest: string): Promise<{ url: string; authorization?: string }> {
    const authorization = await this.http.authorizationFor([repositoryScope(repository, PULL)]);
    return { url: this.http.url(`/v2/${repository}/blobs/${digest}`), authorization };
  }

  /** A blob's size from a HEAD, or undefined when the registry does not have it. */
  async blobSize(repository: string, digest: string): Promise<number | undefined> {
    const res = await this.http.send('HEAD', `/v2/${repository}/blobs/${digest}`, {
      scopes: [repositoryScope(repository, PULL)],
    });
    if (res.statusCode !== 404) await expectStatus(res, [200], `HEAD blob ${repository}@${digest}`);
    await res.body.dump();
    return res.statusCode === 404 ? undefined : Number(header(res, 'content-length') ?? 0);
  }

  async getManifest(repository: string, reference: string): Promise<Manifest> {
    const res = await this.http.send('GET', `/v2/${repository}/manifests/${reference}`, {
      scopes: [repositoryScope(repository, PULL)],
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    });
    await expectStatus(res, [200], `GET manifest ${repository}:${reference}`);
    const bytes = Buffer.from(await res.body.arrayBuffer());
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const declared = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType;
    const mediaType = (header(res, 'content-type') ?? declared ?? '').split(';')[0]!.trim();
    return { mediaType: mediaType || declared || '', digest, bytes };
  }

  async putManifest(repository: string, reference: string, manifest: Manifest): Promise<void> {
    const res = await this.http.send('PUT', `/v2/${repository}/manifests/${reference}`, {
      scopes: [repositoryScope(repository, PUSH)],
      headers: { 'content-type': manifest.mediaType },
      body: manifest.bytes,
    });
    await expectStatus(res, [200, 201, 202], `PUT manifest ${repository}:${reference}`);
    await res.body.dump();
  }

  /** Deletes a manifest by digest; one already gone counts as deleted. */
  async deleteManifest(repository: string, digest: string): Promise<void> {
    const res = await this.http.send('DELETE', `/v2/${repository}/manifests/${digest}`, {
      scopes: [repositoryScope(repository, ['delete', 'pull', 'push'])],
    });
    if (res.statusCode === 404) return void (await res.body.dump());
    await expectStatus(res, [200, 202], `DELETE ${repository}@${digest}`);
    await res.body.dump();
  }

  async blobExists(repository: string, digest: string): Promise<boolean> {
    const res = await this.http.send('HEAD', `/v2/${repository}/blobs/${digest}`, {
      scopes: [repositoryScope(repository, PULL)],
    });
    if (res.statusCode !== 404) await expectStatus(res, [200, 307], `HEAD blob ${repository}@${digest}`);
    await res.body.dump();
    return res.statusCode !== 404;
  }

  /** Mounts a blob from another repository of this registry; false when the registry did not mount it. */
  async mountBlob(repository: string, digest: string, from: string): Promise<boolean> {
    const query = new URLSearchParams({ mount: digest, from });
    const res = await this.http.send('POST', `/v2/${repository}/blobs/uploads/?${query}`, {
      scopes: [repositoryScope(repository, PUSH), repositoryScope(from, PULL)],
    });
    await res.body.dump();
    if (res.statusCode === 201) return true;
    const location = header(res, 'location');
    // 202: an upload was started instead; cancel it so nothing is left half done.
    if (res.statusCode === 202 && location)
      await this.http
        .send('DELETE', location, { scopes: [repositoryScope(repository, PUSH)] })
        .then((r) => r.body.dump())
        .catch(() => undefined);
    return false;
  }

  /** Streams a blob from `source` (another registry's client) into this registry. */
  async copyBlobFrom(
    source: RegistryClient,
    from: { repository: string; digest: string; size: number },
    repository: string,
    options: BlobCopyOptions = {},
  ): Promise<void> {
    await copyBlobStream(source.http, this.http, from, repository, options);
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private async paged(first: string, scopes: string[], field: string): Promise<string[]> {
    const items: string[] = [];
    let next: string | undefined = `${first}?n=${PAGE}`;
    while (next) {
      const res = await this.http.send('GET', next, { scopes });
      if (res.statusCode === 404 && field === 'tags') return (await res.body.dump(), items);
      await expectStatus(res, [200], `GET ${first}`);
      const page = (await res.body.json()) as Record<string, string[] | null>;
      items.push(...(page[field] ?? []));
      next = nextLink(header(res, 'link'));
    }
    return items;
  }
}

/** The `rel="next"` target of a `Link` header, if any. */
export function nextLink(link: string | undefined): string | undefined {
  const match = link && /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
  return match ? match[1] : undefined;
}
