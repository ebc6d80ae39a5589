import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { HarborError, OciErrorCode } from '@harbor-ts/errors';
import { digestOf, parseManifest } from '@harbor-ts/oci';
import { LOGGER } from '@harbor-ts/runtime';
import { PushRecorder } from '../artifacts/push-recorder.service.js';
import { projectOfRepository } from '../token/repository-access.js';
import { BlobGcGate } from './blob-gc-gate.js';
import { ImmutableTagPushPolicy } from './immutable-tag-push-policy.js';
import { sendOciError } from './oci-reply.js';
import { PushQuota, type Reservation } from './push-quota.js';
import { readLimited } from './read-limited.js';
import { RegistryProxy } from './registry-proxy.js';

/** The registry refuses manifests over 4 MiB; reading a little more lets it say so itself. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024 + 1;

/** Manifests are small: read whole, forward, and record the artifact once the registry accepted it. */
@Injectable()
export class ManifestPush {
  constructor(
    private readonly proxy: RegistryProxy,
    private readonly pushes: PushRecorder,
    private readonly quota: PushQuota,
    private readonly blobGate: BlobGcGate,
    private readonly immutable: ImmutableTagPushPolicy,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async put(
    repository: string,
    reference: string,
    request: IncomingMessage,
    response: ServerResponse,
    publicOrigin: string,
    operator: string,
  ) {
    const bytes = await readLimited(request, MAX_MANIFEST_BYTES);
    const contentType = request.headers['content-type']?.split(';')[0]?.trim();
    const project = projectOfRepository(repository) ?? '';
    const immutable = await this.immutable.check(repository, reference);
    if (immutable) return sendOciError(response, 412, OciErrorCode.PRECONDITION, immutable);
    const deleting = await this.blobGate.manifestBlobsBeingDeleted(referencedDigests(bytes, contentType));
    if (deleting.length > 0) {
      return sendOciError(
        response,
        400,
        OciErrorCode.MANIFEST_BLOB_UNKNOWN,
        `blob unknown to registry (being garbage collected): ${deleting[0]}`,
      );
    }
    let reservation: Reservation | undefined;
    try {
      const tag = reference.includes(':') ? {} : { tag: reference };
      const quotaRequest = { repository, digest: digestOf(bytes), operator, ...tag };
      reservation = await this.quota.reserve(project, quotaRequest, bytes, contentType);
    } catch (error) {
      if (error instanceof HarborError)
        return sendOciError(response, 403, OciErrorCode.DENIED, error.message);
      throw error;
    }
    const upstream = await this.proxy.forward(request, { body: bytes });
    if (upstream.statusCode !== 201) await this.quota.release(reservation);
    const digest = upstream.headers['docker-content-digest'];
    if (upstream.statusCode === 201 && typeof digest === 'string') {
      try {
        await this.pushes.record({
          repository,
          project,
          digest,
          bytes,
          operator,
          ...(contentType ? { contentType } : {}),
          ...(reference.includes(':') ? {} : { tag: reference }),
        });
      } catch (error) {
        // Stored but unrecorded: an error makes the client push again, which records it then.
        this.logger.error({ err: error, repository, digest }, 'pushed manifest not recorded');
        await upstream.body.dump();
        return sendOciError(
          response,
          500,
          'UNKNOWN' as OciErrorCode,
          'the manifest was stored but not recorded; push it again',
        );
      }
      await reservation?.warning?.();
    }
    await this.proxy.relay(upstream, response, publicOrigin);
  }
}

/** The manifest itself and what it references, for GC's status machine; unparsable: only itself. */
function referencedDigests(bytes: Buffer, contentType: string | undefined): string[] {
  const own = digestOf(bytes);
  try {
    const parsed = parseManifest(bytes, contentType);
    return [own, ...[...parsed.blobs, ...parsed.manifests].map((d) => d.digest.value)];
  } catch {
    return [own]; // the registry answers MANIFEST_INVALID itself
  }
}
