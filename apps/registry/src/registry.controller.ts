import type { IncomingMessage } from 'node:http';
import { OciErrorCode } from '@harbor-ts/errors';
import type { BasicAuth } from './auth/basic-auth.js';
import type { BlobsHandler } from './blobs/blobs.handler.js';
import { OciError } from './http/oci-error.js';
import type { Reply } from './http/reply.js';
import { parseRoute, type Route } from './http/route.js';
import type { ListingHandler } from './listing/listing.handler.js';
import type { ManifestsHandler } from './manifests/manifests.handler.js';
import type { UploadsHandler } from './uploads/uploads.handler.js';

/**
 * Every /v2 endpoint. Repository names contain slashes, so the raw path goes to parseRoute, which
 * applies the spec's grammar to it before anything touches the disk.
 */
export class RegistryController {
  constructor(
    private readonly auth: BasicAuth,
    private readonly blobs: BlobsHandler,
    private readonly uploads: UploadsHandler,
    private readonly manifests: ManifestsHandler,
    private readonly listing: ListingHandler,
  ) {}

  async handle(request: IncomingMessage, reply: Reply): Promise<unknown> {
    const url = request.url ?? '/';
    const method = request.method ?? 'GET';
    await this.auth.check(request.headers.authorization);
    const route = parseRoute(url, method);
    if (!route) throw new OciError(OciErrorCode.UNSUPPORTED, 'no such endpoint', { status: 404 });
    const queryAt = url.indexOf('?');
    const query = new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1));
    reply.header('docker-distribution-api-version', 'registry/2.0');
    return this.dispatch(route, method, query, request, reply);
  }

  private dispatch(
    route: Route,
    method: string,
    query: URLSearchParams,
    request: IncomingMessage,
    reply: Reply,
  ) {
    const key = `${method} ${route.kind}`;
    switch (key) {
      case 'GET ping':
      case 'HEAD ping':
        // The charset is what Fastify added to a JSON string body; clients saw it.
        return reply.header('content-type', 'application/json; charset=utf-8').send('{}');
      case 'GET catalog':
        return this.listing.catalog(query, reply);
      case 'GET tags':
        if (route.kind === 'tags') return this.listing.tags(route.name, query, reply);
        break;
      case 'GET referrers':
        if (route.kind === 'referrers')
          return this.manifests.listReferrers(route.name, route.digest, query, reply);
        break;
    }
    if (route.kind === 'blob') {
      if (method === 'GET' || method === 'HEAD')
        return this.blobs.fetch(route.name, route.digest, request, reply, method === 'GET');
      if (method === 'DELETE') return this.blobs.delete(route.name, route.digest, reply);
    }
    if (route.kind === 'manifest') {
      if (method === 'GET' || method === 'HEAD')
        return this.manifests.fetch(route.name, route.reference, reply, method === 'GET');
      if (method === 'PUT') return this.manifests.put(route.name, route.reference, request, reply);
      if (method === 'DELETE') return this.manifests.delete(route.name, route.reference, reply);
    }
    if (route.kind === 'uploads' && method === 'POST')
      return this.uploads.start(route.name, query, request, reply);
    if (route.kind === 'upload') {
      if (method === 'GET') return this.uploads.status(route.name, route.id, reply);
      if (method === 'PATCH') return this.uploads.patch(route.name, route.id, request, reply);
      if (method === 'PUT') return this.uploads.put(route.name, route.id, query, request, reply);
      if (method === 'DELETE') return this.uploads.cancel(route.name, route.id, reply);
    }
    throw new OciError(OciErrorCode.UNSUPPORTED, `${method} is not supported here`);
  }
}
