import type { IncomingMessage } from 'node:http';
import type { RegistryConfig } from '@harbor-ts/config';
import { MediaType, type Digest } from '@harbor-ts/oci';
import type { EventPublisher } from '../events/event-publisher.js';
import { mediaTypeOf, readBounded } from '../http/body.js';
import { deletionDisabled } from '../http/oci-error.js';
import type { Reply } from '../http/reply.js';
import type { Reference } from '../http/route.js';
import type { ManifestStore } from './manifest-store.js';
import type { ManifestService } from './manifest.service.js';
import type { ReferrersService } from './referrers.service.js';

export class ManifestsHandler {
  constructor(
    private readonly store: ManifestStore,
    private readonly manifests: ManifestService,
    private readonly referrers: ReferrersService,
    private readonly events: EventPublisher,
    private readonly config: RegistryConfig,
  ) {}

  async fetch(name: string, reference: Reference, reply: Reply, withBody: boolean) {
    const { digest, bytes, mediaType } = await this.store.get(name, reference);
    reply.headers({
      'content-type': mediaType,
      'docker-content-digest': digest.value,
      etag: `"${digest.value}"`,
      'content-length': String(bytes.length),
    });
    return withBody ? reply.send(bytes) : reply.send();
  }

  async put(name: string, reference: Reference, request: IncomingMessage, reply: Reply) {
    const bytes = await readBounded(request, this.config.storage.maxManifestBytes);
    const { digest, manifest } = await this.manifests.put(
      name,
      reference,
      bytes,
      mediaTypeOf(request.headers['content-type']),
    );
    this.events.publish({
      type: 'manifest',
      repository: name,
      digest: digest.value,
      size: bytes.length,
      mediaType: manifest.mediaType,
      ...(reference.tag ? { tag: reference.tag } : {}),
    });
    reply.status(201).headers({
      location: `/v2/${name}/manifests/${digest.value}`,
      'docker-content-digest': digest.value,
      'content-length': '0',
    });
    if (manifest.subject) reply.header('oci-subject', manifest.subject.digest.value);
    return reply.send();
  }

  async delete(name: string, reference: Reference, reply: Reply) {
    if (!this.config.storage.deleteEnabled) throw deletionDisabled();
    await this.manifests.delete(name, reference);
    return reply.status(202).header('content-length', '0').send();
  }

  async listReferrers(name: string, subject: Digest, query: URLSearchParams, reply: Reply) {
    const artifactType = query.get('artifactType') ?? undefined;
    const index = await this.referrers.list(name, subject, artifactType);
    reply.header('content-type', MediaType.OCI_INDEX);
    if (artifactType !== undefined) reply.header('oci-filters-applied', 'artifactType');
    return reply.send(Buffer.from(JSON.stringify(index)));
  }
}
