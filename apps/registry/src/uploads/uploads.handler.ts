import type { IncomingMessage } from 'node:http';
import { OciErrorCode } from '@harbor-ts/errors';
import { isValidRepositoryName, MediaType, type Digest } from '@harbor-ts/oci';
import type { BlobService } from '../blobs/blob.service.js';
import type { EventPublisher } from '../events/event-publisher.js';
import { contentLength, mediaTypeOf, parseContentRange } from '../http/body.js';
import { OciError } from '../http/oci-error.js';
import type { Reply } from '../http/reply.js';
import { checkDigest } from '../http/route.js';
import type { UploadService } from './upload.service.js';
import { rangeHeader, type Chunk } from './upload.service.js';

const uploadLocation = (name: string, id: string) => `/v2/${name}/blobs/uploads/${id}`;

/** The upload endpoints: monolithic POST, sessions with PATCH chunks, PUT to commit, mounts. */
export class UploadsHandler {
  constructor(
    private readonly uploads: UploadService,
    private readonly blobs: BlobService,
    private readonly events: EventPublisher,
  ) {}

  async start(name: string, query: URLSearchParams, request: IncomingMessage, reply: Reply) {
    const mount = query.get('mount');
    const from = query.get('from');
    if (mount !== null && from !== null && isValidRepositoryName(from)) {
      const digest = checkDigest(mount);
      const size = await this.blobs.mount(name, from, digest);
      if (size !== undefined) {
        this.committed(name, digest, size, request);
        return this.created(reply, name, digest);
      }
    }
    const monolithic = query.get('digest');
    const digest = monolithic === null ? undefined : checkDigest(monolithic);
    const id = await this.uploads.start(name);
    if (digest) return this.finish(name, id, digest, request, reply);
    return this.accepted(reply, name, id, 0);
  }

  async status(name: string, id: string, reply: Reply) {
    const size = await this.uploads.offset(name, id);
    return reply
      .status(204)
      .headers({ location: uploadLocation(name, id), range: rangeHeader(size), 'docker-upload-uuid': id })
      .send();
  }

  async patch(name: string, id: string, request: IncomingMessage, reply: Reply) {
    const size = await this.uploads.append(name, id, chunkOf(request, true));
    return this.accepted(reply, name, id, size);
  }

  async put(name: string, id: string, query: URLSearchParams, request: IncomingMessage, reply: Reply) {
    const raw = query.get('digest');
    if (raw === null)
      throw new OciError(OciErrorCode.DIGEST_INVALID, 'the digest query parameter is required');
    return this.finish(name, id, checkDigest(raw), request, reply);
  }

  async cancel(name: string, id: string, reply: Reply) {
    await this.uploads.cancel(name, id);
    return reply.status(204).header('content-length', '0').send();
  }

  /** Takes the request body (if any) as the last chunk, verifies, commits, links. */
  private async finish(name: string, id: string, digest: Digest, request: IncomingMessage, reply: Reply) {
    const chunk = chunkOf(request, false);
    const hasBody = Boolean(chunk.range || (chunk.length ?? 0) > 0 || request.headers['transfer-encoding']);
    const size = await this.uploads.complete(name, id, digest, hasBody ? chunk : undefined);
    await this.blobs.link(name, digest);
    this.committed(name, digest, size, request);
    return this.created(reply, name, digest);
  }

  private committed(name: string, digest: Digest, size: number, request: IncomingMessage) {
    const mediaType = mediaTypeOf(request.headers['content-type']) ?? MediaType.OCTET_STREAM;
    this.events.publish({ type: 'blob', repository: name, digest: digest.value, size, mediaType });
  }

  private created(reply: Reply, name: string, digest: Digest) {
    return reply
      .status(201)
      .headers({
        location: `/v2/${name}/blobs/${digest.value}`,
        'docker-content-digest': digest.value,
        'content-length': '0',
      })
      .send();
  }

  private accepted(reply: Reply, name: string, id: string, size: number) {
    return reply
      .status(202)
      .headers({
        location: uploadLocation(name, id),
        range: rangeHeader(size),
        'docker-upload-uuid': id,
        'content-length': '0',
      })
      .send();
  }
}

function chunkOf(request: IncomingMessage, isPatch: boolean): Chunk {
  const range = parseContentRange(request.headers['content-range'] as string | undefined);
  const length = contentLength(request);
  if (length !== undefined && !Number.isSafeInteger(length)) {
    throw new OciError(OciErrorCode.BLOB_UPLOAD_INVALID, 'invalid Content-Length');
  }
  // A PATCH's Content-Range and Content-Length must describe the same bytes.
  if (isPatch && range && length !== undefined && length !== range.end - range.start + 1) {
    throw new OciError(OciErrorCode.BLOB_UPLOAD_INVALID, 'Content-Length does not match Content-Range');
  }
  return { body: request, ...(range ? { range } : {}), ...(length === undefined ? {} : { length }) };
}
