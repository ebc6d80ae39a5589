import { parseManifest, type Descriptor } from '@harbor-ts/oci';
import type { Manifest } from '@harbor-ts/registry-client';
import type { TaskLog } from '../../runner/task-log.js';
import { throwIfStopped } from '../../runner/job-handler.js';
import type { ReplicationSide } from './replication-endpoints.js';

/** What a task did: the second run of an unchanged policy copies no blob and pushes no manifest. */
export interface CopyCounts {
  manifests_copied: number;
  manifests_skipped: number;
  blobs_copied: number;
  blobs_mounted: number;
  blobs_skipped: number;
  bytes_copied: number;
  tags_pushed: number;
  tags_skipped: number;
}

export function emptyCounts(): CopyCounts {
  return {
    manifests_copied: 0,
    manifests_skipped: 0,
    blobs_copied: 0,
    blobs_mounted: 0,
    blobs_skipped: 0,
    bytes_copied: 0,
    tags_pushed: 0,
    tags_skipped: 0,
  };
}

/** Blobs copied at once within one manifest. */
const BLOB_PARALLELISM = 3;

/**
 * Where this process last put each blob on a destination: a later repository of the same run mounts
 * it from there instead of copying it again (repositories sharing base layers). Bounded.
 */
const placed = new Map<string, string>();
const PLACED_MAX = 50_000;

/**
 * Blob copies under way in this process, by destination and digest: repositories of one run that share a
 * base layer start together, so the later ones wait for the first copy and mount it, instead of sending
 * the same bytes once per repository.
 */
const copying = new Map<string, Promise<void>>();

function remember(destination: ReplicationSide, digest: string, repository: string): void {
  if (placed.size >= PLACED_MAX) placed.delete(placed.keys().next().value!);
  placed.set(`${destination.label}|${digest}`, repository);
}

export interface CopyOptions {
  sourceRepository: string;
  destinationRepository: string;
  override: boolean;
  speedKb: number;
  byChunk: boolean;
  log: TaskLog;
  signal: AbortSignal;
}

/**
 * Copies artifacts of one repository: an index with every child, blobs the destination lacks (mounted
 * when it holds them in another repository), manifests by digest, then the tags. Whatever is already
 * there is skipped, so a re-run or a retry continues where the last one stopped and never duplicates.
 */
export class ArtifactCopier {
  readonly counts = emptyCounts();

  constructor(
    private readonly source: ReplicationSide,
    private readonly destination: ReplicationSide,
    private readonly options: CopyOptions,
  ) {}

  async copy(artifact: { digest: string; tags: string[] }): Promise<void> {
    const { destinationRepository: repo, override, log } = this.options;
    const tags: string[] = [];
    for (const tag of artifact.tags) {
      const current = await this.destination.client.headManifest(repo, tag);
      if (current === artifact.digest) {
        this.counts.tags_skipped++;
      } else if (current && !override) {
        this.counts.tags_skipped++;
        log.info(`${repo}:${tag} exists at the destination as ${current} and override is off: kept`);
      } else tags.push(tag);
    }
    if (artifact.tags.length > 0 && tags.length === 0) return;
    const { manifest, taggedAs } = await this.copyManifest(artifact.digest, tags[0]);
    for (const tag of tags) {
      throwIfStopped(this.options.signal);
      if (tag !== taggedAs) await this.destination.client.putManifest(repo, tag, manifest);
      this.counts.tags_pushed++;
      log.info(`pushed ${repo}:${tag} (${artifact.digest})`);
    }
  }

  /**
   * The manifest at the destination, copying it (and what it needs) if absent. A copied manifest is put
   * by `tag` when one is given (as skopeo does: one PUT, not one by digest and another for the tag).
   */
  private async copyManifest(
    digest: string,
    tag?: string,
  ): Promise<{ manifest: Manifest; taggedAs?: string }> {
    const { sourceRepository, destinationRepository } = this.options;
    throwIfStopped(this.options.signal);
    const manifest = await this.source.client.getManifest(sourceRepository, digest);
    manifest.digest = digest;
    if ((await this.destination.client.headManifest(destinationRepository, digest)) === digest) {
      this.counts.manifests_skipped++;
      return { manifest };
    }
    const parsed = parseManifest(manifest.bytes, manifest.mediaType || undefined);
    manifest.mediaType ||= parsed.mediaType;
    for (const child of parsed.manifests) await this.copyManifest(child.digest.value);
    await this.copyBlobs(parsed.blobs);
    await this.destination.client.putManifest(destinationRepository, tag ?? digest, manifest);
    this.counts.manifests_copied++;
    this.options.log.info(`copied manifest ${destinationRepository}@${digest} (${manifest.mediaType})`);
    return { manifest, ...(tag ? { taggedAs: tag } : {}) };
  }

  private async copyBlobs(blobs: Descriptor[]): Promise<void> {
    const queue = [...new Map(blobs.map((b) => [b.digest.value, b])).values()];
    const worker = async () => {
      for (let blob = queue.shift(); blob; blob = queue.shift()) await this.copyBlob(blob);
    };
    await Promise.all(Array.from({ length: Math.min(BLOB_PARALLELISM, queue.length) }, worker));
  }

  private async copyBlob(blob: Descriptor): Promise<void> {
    const { sourceRepository, destinationRepository: repo, log } = this.options;
    throwIfStopped(this.options.signal);
    const digest = blob.digest.value;
    const { client } = this.destination;
    if (await client.blobExists(repo, digest)) {
      remember(this.destination, digest, repo);
      this.counts.blobs_skipped++;
      return;
    }
    const key = `${this.destination.label}|${digest}`;
    const underWay = copying.get(key);
    if (underWay) {
      await underWay.catch(() => undefined); // its own task reports its failure; this one copies then
      throwIfStopped(this.options.signal);
    }
    const elsewhere = placed.get(key);
    if (elsewhere && elsewhere !== repo && (await client.mountBlob(repo, digest, elsewhere))) {
      this.counts.blobs_mounted++;
      log.info(`mounted blob ${digest} from ${elsewhere}`);
      return;
    }
    const started = Date.now();
    const copy = client.copyBlobFrom(
      this.source.client,
      { repository: sourceRepository, digest, size: blob.size },
      repo,
      { speedKb: this.options.speedKb, byChunk: this.options.byChunk },
    );
    copying.set(key, copy);
    try {
      await copy;
    } finally {
      if (copying.get(key) === copy) copying.delete(key);
    }
    remember(this.destination, digest, repo);
    this.counts.blobs_copied++;
    this.counts.bytes_copied += blob.size;
    log.info(`copied blob ${digest} (${blob.size} bytes) in ${Date.now() - started} ms`);
  }
}
