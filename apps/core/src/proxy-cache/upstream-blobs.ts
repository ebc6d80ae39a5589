import type { ServerResponse } from 'node:http';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { throttle } from '@harbor-ts/registry-client';
import { LOGGER } from '@harbor-ts/runtime';
import { LocalRegistry } from './local-registry.js';
import type { ProxyProject } from './proxy-projects.js';

/**
 * Blobs fetched from an upstream. A client's miss is streamed to the client while it is spooled for
 * storage (one upstream read, no wait for the whole layer); the other fetches fill in what no client asked for.
 */
@Injectable()
export class UpstreamBlobs {
  /** `<repository>@<digest>` being stored: a second fetch of the same blob is not started. */
  private readonly storing = new Map<string, Promise<void>>();

  constructor(
    private readonly local: LocalRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  isStoring(repository: string, digest: string): boolean {
    return this.storing.has(`${repository}@${digest}`);
  }

  /** Sends the blob to the client; stores it too unless it is already being stored. */
  async serve(project: ProxyProject, repository: string, digest: string, response: ServerResponse) {
    const { body, size } = await this.open(project, repository, digest);
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'docker-content-digest': digest,
      'docker-distribution-api-version': 'registry/2.0',
      ...(size >= 0 ? { 'content-length': String(size) } : {}),
    });
    // A client that goes away must not stop the copy into storage.
    response.on('error', () => undefined);
    if (this.isStoring(repository, digest)) return void body.pipe(response);
    await this.track(repository, digest, this.spoolAndStore(repository, digest, size, body, response)).catch(
      () => undefined, // logged; the manifest's store fetches it again
    );
  }

  /**
   * The client reads at the upstream's pace: the bytes go to it and to a spool file at once, and the
   * registry takes the file afterwards, so the registry's write and digest never slow the client down.
   */
  private async spoolAndStore(
    repository: string,
    digest: string,
    size: number,
    body: Readable,
    response: ServerResponse,
  ): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'proxy-blob-'));
    const file = join(dir, 'blob');
    try {
      const spool = createWriteStream(file);
      body.pipe(response);
      await pipeline(body, spool);
      await this.local.putBlob(repository, digest, size, createReadStream(file));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Stores a blob no client is fetching (a manifest's remaining layers). */
  async store(project: ProxyProject, repository: string, digest: string): Promise<void> {
    const running = this.storing.get(`${repository}@${digest}`);
    if (running) return running;
    if (await this.local.hasBlob(repository, digest)) return;
    const { body, size } = await this.open(project, repository, digest);
    await this.track(repository, digest, this.local.putBlob(repository, digest, size, body));
  }

  private async open(project: ProxyProject, repository: string, digest: string) {
    const { body, size } = await project.upstream.blobStream(project.upstreamRepository(repository), digest);
    const limited: Readable = project.speedKb > 0 ? body.pipe(throttle(project.speedKb)) : body;
    if (limited !== body) body.on('error', (error) => limited.destroy(error));
    return { body: limited, size };
  }

  private async track(repository: string, digest: string, work: Promise<void>): Promise<void> {
    const key = `${repository}@${digest}`;
    const done = work.finally(() => this.storing.delete(key));
    this.storing.set(key, done);
    try {
      await done;
    } catch (error) {
      this.logger.warn({ err: error, repository, digest }, 'proxy cache: blob not stored');
      throw error;
    }
  }
}
