import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RegistryConfig } from '@harbor-ts/config';
import { MediaType, type Digest } from '@harbor-ts/oci';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { EventPublisher } from '../events/event-publisher.js';
import { mediaTypeOf, readBounded } from '../http/body.js';
import { deletionDisabled } from '../http/oci-error.js';
import type { Reference } from '../http/route.js';
import { ManifestStore } from './manifest-store.js';
import { ManifestService } from './manifest.service.js';
import { ReferrersService } from './referrers.service.js';

@Injectable()
export class ManifestsHandler {
  constructor(
    private readonly store: ManifestStore,
    private readonly manifests: ManifestService,
    private readonly referrers: ReferrersService,
    private readonly events: EventPublisher,
    @Inject(SERVICE_CONFIG) private readonly config: RegistryConfig,
  ) {}

  async fetch(name: string, reference: Reference, reply: FastifyReply, withBody: boolean) {
    const { digest, bytes, mediaType } = await this.store.get(name, reference);
    void reply.headers({
      'content-type': mediaType,
      'docker-content-digest': digest.value,
      etag: `"${digest.value}"`,
      'content-length': String(bytes.length),
    });
    return withBody ? reply.send(bytes) : reply.send();
  }

  async put(name: string, reference: Reference, request: FastifyRequest, reply: FastifyReply) {
    const bytes = await readBounded(request.raw, this.config.storage.maxManifestBytes);
    const { digest, manifest } = await this.manifests.put(name, reference, bytes, mediaTypeOf(request.headers['content-type']));
    this.events.publish({
      type: 'manifest',
      repository: name,
      digest: digest.value,
      size: bytes.length,
      mediaType: manifest.mediaType,
      ...(reference.tag ? { tag: reference.tag } : {}),
    });
    void reply.status(201).headers({
      location: `/v2/${name}/manifests/${digest.value}`,
      'docker-content-digest': digest.value,
      'content-length': '0',
    });
    if (manifest.subject) void reply.header('oci-subject', manifest.subject.digest.value);
    return reply.send();
  }

  async delete(name: string, reference: Reference, reply: FastifyReply) {
    if (!this.config.storage.deleteEnabled) throw deletionDisabled();
    await this.manifests.delete(name, reference);
    return reply.status(202).header('content-length', '0').send();
  }

  async listReferrers(name: string, subject: Digest, query: URLSearchParams, reply: FastifyReply) {
    const artifactType = query.get('artifactType') ?? undefined;
    const index = await this.referrers.list(name, subject, artifactType);
    void reply.header('content-type', MediaType.OCI_INDEX);
    if (artifactType !== undefined) void reply.header('oci-filters-applied', 'artifactType');
    return reply.send(Buffer.from(JSON.stringify(index)));
  }
}
