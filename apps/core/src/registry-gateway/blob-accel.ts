import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { tryParseDigest } from '@harbor-ts/oci';
import { RegistryProxy } from './registry-proxy.js';

/** nginx sets this on /v2 requests when it can serve blob files itself (native mode). */
export const BLOB_ACCEL_HEADER = 'x-harbor-blob-accel';
/** nginx's internal location over the registry's storage root; the rest of the path is distribution's layout. */
const STORAGE_PREFIX = '/docker/registry/v2/blobs';

/**
 * Blob downloads without the bytes passing through Node: the registry confirms the blob is linked in
 * the repository (a HEAD), then nginx sends the file with sendfile, ranges included.
 */
@Injectable()
export class BlobAccel {
  constructor(private readonly proxy: RegistryProxy) {}

  async serve(reference: string, request: IncomingMessage, response: ServerResponse, publicOrigin: string) {
    const digest = tryParseDigest(reference);
    const upstream = await this.proxy.forward(request, { method: 'HEAD' });
    if (!digest || upstream.statusCode !== 200) {
      // Unknown blob, bad digest: the registry's own answer (a HEAD has no body, so ask again for it).
      await upstream.body.dump();
      return this.proxy.relay(await this.proxy.forward(request), response, publicOrigin);
    }
    await upstream.body.dump();
    response.writeHead(200, {
      'x-accel-redirect': `${STORAGE_PREFIX}/${digest.algorithm}/${digest.hex.slice(0, 2)}/${digest.hex}/data`,
      'docker-content-digest': digest.value,
      'docker-distribution-api-version': 'registry/2.0',
    });
    response.end();
  }
}
