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
import { ClientActivity } from './client-activity.js';
import { digestVerifier } from './digest-verifier.js';
import { LocalRegistry } from './local-registry.js';
import type { ProxyProject } from './proxy-projects.js';

/** The longest a fetched blob waits in its spool file for the clients to be done before it is stored. */
const STORE_DEFER_MAX_MS = 30_000;
/** How long a blob nginx relays counts as a client stream: nginx does not say when it is done. */
const RELAY_LEASE_MS = 3_000;

/**
 * Blobs fetched from an upstream. A client's miss is streamed to the client as it arrives and spooled
 * at once, digest checked on the way (one upstream read); the registry takes the spooled file once no
 * client stream is running, so storing never slows a pull. Fetches for no client fill in the rest.
 */
@Injectable()
export class UpstreamBlobs {
  /** `<repository>@<digest>` being stored: a second fetch of the same blob is not started. */
  private readonly storing = new Map<string, Promise<void>>();
  private readonly clients = new ClientActivity();
  /** Stores run one at a time: the registry writes one blob at full speed rather than several at once. */
  private storeQueue: Promise<unknown> = Promise.resolve();

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
    const storing = this.isStoring(repository, digest);
    // Made before a byte flows: the spool must see the stream from its first chunk.
    const spool = storing ? undefined : await mkdtemp(join(tmpdir(), 'proxy-blob-')).catch(() => undefined);
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'docker-content-digest': digest,
      'docker-distribution-api-version': 'registry/2.0',
      ...(size >= 0 ? { 'content-length': String(size) } : {}),
    });
    const ended = this.clients.begin();
    response.once('close', ended);
    // A client that goes away must not stop the spooling; a bad download must cut the client off.
    response.on('error', () => undefined);
    const verified = body.pipe(digestVerifier(digest));
    body.once('error', (error) => verified.destroy(error));
    verified.once('error', () => response.destroy());
    verified.pipe(response);
    if (!spool) {
      // Nobody else reads this fetch: a client gone means the upstream connection can go too.
      response.once('close', () => {
        if (!verified.readableEnded) body.destroy();
      });
      return;
    }
    const stored = this.spoolThenStore(repository, digest, size, verified, spool);
    void this.track(repository, digest, stored).catch(() => undefined); // logged; refetched later
  }

  /**
   * Spools the verified bytes into `dir` while the client reads them; the registry takes the file once
   * the clients are done. Settles then; the spool is removed whatever happens.
   */
  private async spoolThenStore(
    repository: string,
    digest: string,
    size: number,
    verified: Readable,
    dir: string,
  ): Promise<void> {
    const file = join(dir, 'blob');
    try {
      await pipeline(verified, createWriteStream(file, { highWaterMark: 1 << 20 }));
      await this.whenQuiet(() => this.local.putBlob(repository, digest, size, createReadStream(file)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** A client's blob nginx fetches from the upstream itself: storing waits a while for it (see store). */
  relayed(): void {
    this.clients.lease(RELAY_LEASE_MS);
  }

  /**
   * Stores a blob no client is fetching through this process (a manifest's remaining layers, or those
   * nginx relayed), once the clients are done.
   */
  async store(project: ProxyProject, repository: string, digest: string): Promise<void> {
    await this.clients.quiet(STORE_DEFER_MAX_MS);
    const running = this.storing.get(`${repository}@${digest}`);
    if (running) return running;
    // Tracked before the first await, so a second call for the blob joins this one.
    const stored = (async () => {
      if (await this.local.hasBlob(repository, digest)) return;
      await this.whenQuiet(async () => {
        const { body, size } = await this.open(project, repository, digest);
        await this.local.putBlob(repository, digest, size, body);
      });
    })();
    await this.track(repository, digest, stored);
  }

  /** Runs `work` after the stores queued before it, once no client stream has run for a moment. */
  private whenQuiet(work: () => Promise<void>): Promise<void> {
    const run = this.storeQueue.then(async () => {
      await this.clients.quiet(STORE_DEFER_MAX_MS);
      await work();
    });
    this.storeQueue = run.catch(() => undefined);
    return run;
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
