import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { OciErrorCode } from '@harbor-ts/errors';
import { tryParseDigest } from '@harbor-ts/oci';
import { RegistryError, type Manifest, type ManifestHead } from '@harbor-ts/registry-client';
import { LOGGER } from '@harbor-ts/runtime';
import { sendOciError } from '../registry-gateway/oci-reply.js';
import { TtlCache } from '../registry-gateway/ttl-cache.js';
import { CacheFiller } from './cache-filler.js';
import { LocalRegistry } from './local-registry.js';
import { NginxRelay } from './nginx-relay.js';
import type { ProxyProject } from './proxy-projects.js';
import { UpstreamBlobs } from './upstream-blobs.js';

/** Harbor's words when the upstream answers 429 and nothing is cached. */
const TOO_MANY = 'too many requests to upstream registry';

/** How long a tag a client resolved with HEAD waits for the GET by digest that follows (docker, containerd). */
const RESOLVED_TAG_MS = 5 * 60 * 1000;

type Lookup<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Pull through a proxy-cache project (Harbor's repoproxy): a manifest or blob the cache lacks comes
 * from the upstream and is stored while it is served; a cached tag is checked with a HEAD (no Docker
 * Hub pull quota spent) and refreshed when the upstream moved it; when the upstream is down or
 * rate-limits, the cached copy is served. `false`: the gateway serves the local copy as usual.
 */
@Injectable()
export class ProxyCache {
  /** `<repository>@<digest>` → the tag a HEAD resolved to it: the manifest is stored under that tag. */
  private readonly resolvedTags = new TtlCache<string>(RESOLVED_TAG_MS);

  constructor(
    private readonly local: LocalRegistry,
    private readonly blobs: UpstreamBlobs,
    private readonly filler: CacheFiller,
    private readonly relay: NginxRelay,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async manifest(
    project: ProxyProject,
    repository: string,
    reference: string,
    request: IncomingMessage,
    response: ServerResponse,
    operator: string,
  ): Promise<boolean> {
    const byDigest = reference.includes(':');
    const cached = await this.local.manifestDigest(repository, reference);
    // A digest names fixed content: what is cached is what the upstream would send.
    if (cached && byDigest) return false;
    const remote = project.upstreamRepository(repository);
    // Nothing cached to keep: a GET needs no HEAD first (one upstream round trip, not two).
    if (!cached && request.method === 'GET')
      return this.fetchManifest(project, repository, reference, reference, response, operator);
    const head = await attempt(() => project.upstream.manifestHead(remote, reference));
    if (cached) {
      if (!head.ok)
        this.logger.warn(
          { repository, reference, err: head.error },
          'proxy cache: upstream unavailable, serving the cached copy',
        );
      if (!head.ok || !head.value || head.value.digest === cached) return false;
    }
    if (!head.ok) return this.unavailable(response, head.error, repository, reference);
    if (!head.value) return this.unknown(response, repository, reference);
    if (request.method === 'HEAD') {
      if (!byDigest) this.resolvedTags.set(`${repository}@${head.value.digest}`, reference);
      return this.sendHead(response, head.value);
    }
    return this.fetchManifest(project, repository, reference, head.value.digest, response, operator, cached);
  }

  /** GETs `upstreamReference` (the client's reference, or the digest a HEAD found), serves it and caches it. */
  private async fetchManifest(
    project: ProxyProject,
    repository: string,
    reference: string,
    upstreamReference: string,
    response: ServerResponse,
    operator: string,
    cached?: string,
  ): Promise<boolean> {
    const remote = project.upstreamRepository(repository);
    const fetched = await attempt(() => project.upstream.getManifest(remote, upstreamReference));
    if (!fetched.ok) {
      if (cached) return false;
      return this.unavailable(response, fetched.error, repository, reference);
    }
    this.sendManifest(response, fetched.value);
    const byDigest = reference.includes(':');
    const tag = byDigest ? this.resolvedTags.get(`${repository}@${reference}`) : reference;
    this.filler.fillLater(project, repository, fetched.value, tag, operator);
    return true;
  }

  async blob(
    project: ProxyProject,
    repository: string,
    reference: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<boolean> {
    const digest = tryParseDigest(reference)?.value;
    if (!digest || (await this.local.hasBlob(repository, digest))) return false;
    const remote = project.upstreamRepository(repository);
    if (request.method === 'HEAD') {
      const size = await attempt(() => project.upstream.blobSize(remote, digest));
      if (!size.ok) return this.unavailable(response, size.error, repository, digest);
      if (size.value === undefined)
        return (sendOciError(response, 404, OciErrorCode.BLOB_UNKNOWN, 'blob unknown to registry'), true);
      response.writeHead(200, {
        'content-length': String(size.value),
        'content-type': 'application/octet-stream',
        'docker-content-digest': digest,
        'docker-distribution-api-version': 'registry/2.0',
      });
      return (response.end(), true);
    }
    if (this.relay.offered(request)) {
      // nginx fetches it; the cache is filled by the manifest's filler, from a read of its own.
      const relayed = await attempt(() => this.relay.answer(project, repository, digest));
      if (!relayed.ok) return this.unavailable(response, relayed.error, repository, digest);
      if (relayed.value) {
        this.blobs.relayed();
        return (response.writeHead(200, relayed.value), response.end(), true);
      }
    }
    try {
      await this.blobs.serve(project, repository, digest, response);
    } catch (error) {
      if (response.headersSent) throw error;
      if (error instanceof RegistryError && error.status === 404)
        return (sendOciError(response, 404, OciErrorCode.BLOB_UNKNOWN, 'blob unknown to registry'), true);
      return this.unavailable(response, error, repository, digest);
    }
    return true;
  }

  private sendHead(response: ServerResponse, head: ManifestHead): true {
    response.writeHead(200, {
      'content-type': head.mediaType,
      'content-length': String(head.size),
      'docker-content-digest': head.digest,
      'docker-distribution-api-version': 'registry/2.0',
    });
    response.end();
    return true;
  }

  private sendManifest(response: ServerResponse, manifest: Manifest): void {
    response.writeHead(200, {
      'content-type': manifest.mediaType,
      'content-length': String(manifest.bytes.length),
      'docker-content-digest': manifest.digest,
      'docker-distribution-api-version': 'registry/2.0',
    });
    response.end(manifest.bytes);
  }

  private unknown(response: ServerResponse, repository: string, reference: string): true {
    sendOciError(
      response,
      404,
      OciErrorCode.MANIFEST_UNKNOWN,
      `manifest unknown: ${repository}:${reference}`,
    );
    return true;
  }

  private unavailable(response: ServerResponse, error: unknown, repository: string, reference: string): true {
    if (error instanceof RegistryError && error.status === 429) {
      sendOciError(response, 429, OciErrorCode.TOOMANYREQUESTS, TOO_MANY);
      return true;
    }
    this.logger.warn(
      { err: error, repository, reference },
      'proxy cache: upstream unavailable, nothing cached',
    );
    if (error instanceof RegistryError && error.status === 404)
      return this.unknown(response, repository, reference);
    sendOciError(
      response,
      404,
      OciErrorCode.MANIFEST_UNKNOWN,
      `the upstream registry is unavailable and ${repository}:${reference} is not cached`,
    );
    return true;
  }
}

async function attempt<T>(call: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}
