import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseManifest } from '@harbor-ts/oci';
import type { Manifest } from '@harbor-ts/registry-client';
import { LOGGER } from '@harbor-ts/runtime';
import { LocalRegistry } from './local-registry.js';
import type { ProxyProject } from './proxy-projects.js';
import { UpstreamBlobs } from './upstream-blobs.js';

/** Clients fetch a manifest's layers right after it: give them the first go, streamed and stored at once. */
const CLIENT_HEAD_START_MS = 2_000;
/** An index is stored once its children are: pulled on demand, so they may take a while or never come. */
const CHILDREN_POLL_MS = 2_000;
const CHILDREN_WAIT_MS = 10 * 60 * 1000;

/**
 * Stores a manifest served from the upstream once what it references is in the cache: an image's
 * blobs (those no client fetched are copied here), an index's children (fetched on demand by clients).
 * Runs after the answer, so a pull never waits for it.
 */
@Injectable()
export class CacheFiller {
  private readonly running = new Set<string>();

  constructor(
    private readonly local: LocalRegistry,
    private readonly blobs: UpstreamBlobs,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  fillLater(
    project: ProxyProject,
    repository: string,
    manifest: Manifest,
    tag: string | undefined,
    operator: string,
  ): void {
    const key = `${repository}@${manifest.digest}:${tag ?? ''}`;
    if (this.running.has(key)) return;
    this.running.add(key);
    void this.fill(project, repository, manifest, tag, operator)
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error, repository, digest: manifest.digest },
          'proxy cache: manifest not stored',
        ),
      )
      .finally(() => this.running.delete(key));
  }

  /** Waits for whatever is filling in now (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await sleep(100);
  }

  private async fill(
    project: ProxyProject,
    repository: string,
    manifest: Manifest,
    tag: string | undefined,
    operator: string,
  ): Promise<void> {
    const parsed = parseManifest(manifest.bytes, manifest.mediaType);
    if (parsed.isIndex) {
      const children = parsed.manifests.map((child) => child.digest.value);
      if (!(await this.childrenArrive(repository, children))) return;
    } else {
      await sleep(CLIENT_HEAD_START_MS);
      for (const blob of parsed.blobs) await this.blobs.store(project, repository, blob.digest.value);
    }
    await this.local.putManifest(repository, manifest, tag, operator);
    this.logger.info({ repository, digest: manifest.digest, tag }, 'proxy cache: manifest stored');
  }

  private async childrenArrive(repository: string, children: string[]): Promise<boolean> {
    const deadline = Date.now() + CHILDREN_WAIT_MS;
    let missing = children;
    while (Date.now() < deadline) {
      const present = await Promise.all(
        missing.map((digest) => this.local.manifestDigest(repository, digest)),
      );
      missing = missing.filter((_, i) => !present[i]);
      if (missing.length === 0) return true;
      await sleep(CHILDREN_POLL_MS);
    }
    return false;
  }
}
