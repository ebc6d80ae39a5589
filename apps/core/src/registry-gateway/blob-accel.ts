import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { tryParseDigest } from '@harbor-ts/oci';
import { layout, V2_ROOT } from '@harbor-ts/storage';
import { RegistryProxy } from './registry-proxy.js';
import { TtlCache } from './ttl-cache.js';

/** nginx sets this on /v2 requests when it can serve blob files itself (native mode). */
export const BLOB_ACCEL_HEADER = 'x-harbor-blob-accel';
/** Short: a blob deleted meanwhile then yields nginx's 404 instead of the registry's for a few seconds. */
const LINK_CACHE_MS = 5_000;

/**
 * Blob downloads without the bytes passing through Node: the registry confirms the blob is linked in
 * the repository (a HEAD), then nginx sends the file with sendfile, ranges included.
 */
@Injectable()
export class BlobAccel {
  /** Blobs the registry recently confirmed in a repository; concurrent pulls of one image ask once. */
  private readonly linked = new TtlCache<true>(LINK_CACHE_MS);

  constructor(private readonly proxy: RegistryProxy) {}

  async serve(
    repository: string,
    reference: string,
    request: IncomingMessage,
    response: ServerResponse,
    publicOrigin: string,
  ) {
    const digest = tryParseDigest(reference);
    const key = `${repository}@${reference}`;
    if (!digest || !this.linked.get(key)) {
      const upstream = await this.proxy.forward(request, { method: 'HEAD' });
      await upstream.body.dump();
      if (!digest || upstream.statusCode !== 200) {
        // Unknown blob, bad digest: the registry's own answer (a HEAD has no body, so ask again for it).
        return this.proxy.relay(await this.proxy.forward(request), response, publicOrigin);
      }
      this.linked.set(key, true);
    }
    response.writeHead(200, {
      // nginx's internal location is the registry's storage root: distribution's layout below it.
      'x-accel-redirect': `/${V2_ROOT}/${layout.blobData(digest)}`,
      'docker-content-digest': digest.value,
      'docker-distribution-api-version': 'registry/2.0',
    });
    response.end();
  }
}
