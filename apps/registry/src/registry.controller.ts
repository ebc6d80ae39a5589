import { All, Controller, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OciErrorCode } from '@harbor-ts/errors';
import { BasicAuthGuard } from './auth/basic-auth.guard.js';
import { BlobsHandler } from './blobs/blobs.handler.js';
import { OciError } from './http/oci-error.js';
import { parseRoute, type Route } from './http/route.js';
import { ListingHandler } from './listing/listing.handler.js';
import { ManifestsHandler } from './manifests/manifests.handler.js';
import { UploadsHandler } from './uploads/uploads.handler.js';

/**
 * Every /v2 endpoint. Repository names contain slashes, so one wildcard route takes the raw path and
 * parseRoute applies the spec's grammar to it before anything touches the disk.
 */
@Controller()
@UseGuards(BasicAuthGuard)
export class RegistryController {
  constructor(
    private readonly blobs: BlobsHandler,
    private readonly uploads: UploadsHandler,
    private readonly manifests: ManifestsHandler,
    private readonly listing: ListingHandler,
  ) {}

  @All(['v2', 'v2/*'])
  async handle(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<unknown> {
    const route = parseRoute(request.raw.url ?? '', request.method);
    if (!route) throw new OciError(OciErrorCode.UNSUPPORTED, 'no such endpoint', { status: 404 });
    const queryAt = (request.raw.url ?? '').indexOf('?');
    const query = new URLSearchParams(queryAt < 0 ? '' : (request.raw.url ?? '').slice(queryAt + 1));
    void reply.header('docker-distribution-api-version', 'registry/2.0');
    return this.dispatch(route, request.method, query, request, reply);
  }

  private dispatch(route: Route, method: string, query: URLSearchParams, request: FastifyRequest, reply: FastifyReply) {
    const key = `${method} ${route.kind}`;
    switch (key) {
      case 'GET ping':
      case 'HEAD ping':
        return reply.header('content-type', 'application/json').send('{}');
      case 'GET catalog':
        return this.listing.catalog(query, reply);
      case 'GET tags':
        if (route.kind === 'tags') return this.listing.tags(route.name, query, reply);
        break;
      case 'GET referrers':
        if (route.kind === 'referrers') return this.manifests.listReferrers(route.name, route.digest, query, reply);
        break;
    }
    if (route.kind === 'blob') {
      if (method === 'GET' || method === 'HEAD') return this.blobs.fetch(route.name, route.digest, request, reply, method === 'GET');
      if (method === 'DELETE') return this.blobs.delete(route.name, route.digest, reply);
    }
    if (route.kind === 'manifest') {
      if (method === 'GET' || method === 'HEAD') return this.manifests.fetch(route.name, route.reference, reply, method === 'GET');
      if (method === 'PUT') return this.manifests.put(route.name, route.reference, request, reply);
      if (method === 'DELETE') return this.manifests.delete(route.name, route.reference, reply);
    }
    if (route.kind === 'uploads' && method === 'POST') return this.uploads.start(route.name, query, request, reply);
    if (route.kind === 'upload') {
      if (method === 'GET') return this.uploads.status(route.name, route.id, reply);
      if (method === 'PATCH') return this.uploads.patch(route.name, route.id, request, reply);
      if (method === 'PUT') return this.uploads.put(route.name, route.id, query, request, reply);
      if (method === 'DELETE') return this.uploads.cancel(route.name, route.id, reply);
    }
    throw new OciError(OciErrorCode.UNSUPPORTED, `${method} is not supported here`);
  }
}
