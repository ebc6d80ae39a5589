import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import type { Endpoint } from '@harbor-ts/config';
import {
  claimTask,
  createExecution,
  finishTask,
  getExecution,
  mergeExecutionAttrs,
  readTaskLog,
  TaskStatus,
  Trigger,
  type ExecutionRow,
} from '@harbor-ts/db';
import type { JobOutcome } from '@harbor-ts/events';
import { gcParamsSchema, type JobParamsInput } from '@harbor-ts/jobs';
import { TEST_INTERNAL_SECRETS } from '@harbor-ts/testing';
import { GarbageBlobsStep } from '../../src/jobs/garbage-collection/garbage-blobs.step.js';
import { GarbageCollectionHandler } from '../../src/jobs/garbage-collection/garbage-collection.handler.js';
import { RegistryctlClient } from '../../src/jobs/garbage-collection/registryctl-client.js';
import { TrashedManifestsStep } from '../../src/jobs/garbage-collection/trashed-manifests.step.js';
import { UntaggedArtifactsStep } from '../../src/jobs/garbage-collection/untagged-artifacts.step.js';
import type { JobOutcomes } from '../../src/runner/job-outcomes.js';
import { TaskLog } from '../../src/runner/task-log.js';

export const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export interface BlobRef {
  digest: string;
  size: number;
  mediaType: string;
  bytes: Buffer;
}

export interface PushedImage {
  repository: string;
  digest: string;
  manifest: BlobRef;
  /** Config first, then the layers. */
  blobs: BlobRef[];
}

/** Speaks to the internal registry with its own credentials, as core does. */
export class RegistryPusher {
  private readonly authorization: string;

  constructor(
    private readonly endpoint: { url: string; credentials: { username: string; password: string } },
    private readonly storageRoot: string,
  ) {
    const { username, password } = endpoint.credentials;
    this.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', this.authorization);
    return fetch(new URL(path, this.endpoint.url), { ...init, headers });
  }

  async pushBlob(
    repository: string,
    bytes: Buffer,
    mediaType = 'application/octet-stream',
  ): Promise<BlobRef> {
    const start = await this.fetch(`/v2/${repository}/blobs/uploads/`, { method: 'POST' });
    if (start.status !== 202) throw new Error(`upload start: ${start.status}`);
    const url = new URL(start.headers.get('location') ?? '', this.endpoint.url);
    url.searchParams.set('digest', sha256(bytes));
    const done = await this.fetch(url.pathname + url.search, { method: 'PUT', body: new Uint8Array(bytes) });
    if (done.status !== 201) throw new Error(`upload: ${done.status} ${await done.text()}`);
    return { digest: sha256(bytes), size: bytes.length, mediaType, bytes };
  }

  /** An image of `layers` (each a Buffer) plus a fresh config, pushed under `tag`. */
  async pushImage(repository: string, tag: string, layers: Buffer[]): Promise<PushedImage> {
    const config = await this.pushBlob(
      repository,
      Buffer.from(
        JSON.stringify({ architecture: 'amd64', os: 'linux', nonce: randomBytes(8).toString('hex') }),
      ),
      'application/vnd.oci.image.config.v1+json',
    );
    const pushed = [config];
    for (const layer of layers)
      pushed.push(await this.pushBlob(repository, layer, 'application/vnd.oci.image.layer.v1.tar'));
    const body = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
        layers: pushed.slice(1).map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
      }),
    );
    const response = await this.fetch(`/v2/${repository}/manifests/${tag}`, {
      method: 'PUT',
      headers: { 'content-type': OCI_MANIFEST },
      body: new Uint8Array(body),
    });
    if (response.status !== 201) throw new Error(`manifest: ${response.status} ${await response.text()}`);
    const manifest = { digest: sha256(body), size: body.length, mediaType: OCI_MANIFEST, bytes: body };
    return { repository, digest: manifest.digest, manifest, blobs: pushed };
  }

  /** The blob's data file in distribution's layout. */
  blobFile(digest: string): string {
    const hex = digest.slice('sha256:'.length);
    return join(this.storageRoot, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
  }

  blobExists(digest: string): boolean {
    return existsSync(this.blobFile(digest));
  }

  revisionExists(repository: string, digest: string): boolean {
    const hex = digest.slice('sha256:'.length);
    return existsSync(
      join(
        this.storageRoot,
        'docker/registry/v2/repositories',
        repository,
        '_manifests/revisions/sha256',
        hex,
        'link',
      ),
    );
  }
}

/** What core records for a pushed image (blob, artifact, artifact_blob, tag rows), dated `ageHours` ago. */
export async function recordImage(
  db: DataSource,
  image: PushedImage,
  ageHours: number,
  tag = 'latest',
): Promise<number> {
  const all = [image.manifest, ...image.blobs];
  await db.query(
    `INSERT INTO blob (digest, content_type, size, creation_time, update_time)
     SELECT d, t, s, now() - make_interval(hours => $4), now() - make_interval(hours => $4)
       FROM unnest($1::varchar[], $2::varchar[], $3::bigint[]) AS x(d, t, s)
     ON CONFLICT (digest) DO NOTHING`,
    [all.map((b) => b.digest), all.map((b) => b.mediaType), all.map((b) => b.size), ageHours],
  );
  const [repository] = (await db.query(
    `INSERT INTO repository (name, project_id) VALUES ($1, 1)
     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING repository_id`,
    [image.repository],
  )) as { repository_id: number }[];
  const [artifact] = (await db.query(
    `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type, size, push_time)
     VALUES (1, $1, $2, $3, 'IMAGE', $4, $4, $5, now() - make_interval(hours => $6)) RETURNING id`,
    [repository!.repository_id, image.repository, image.digest, OCI_MANIFEST, image.manifest.size, ageHours],
  )) as { id: number }[];
  await db.query(
    `INSERT INTO artifact_blob (digest_af, digest_blob) SELECT $1, unnest($2::varchar[]) ON CONFLICT DO NOTHING`,
    [image.digest, all.map((b) => b.digest)],
  );
  await db.query('INSERT INTO tag (repository_id, artifact_id, name) VALUES ($1, $2, $3)', [
    repository!.repository_id,
    artifact!.id,
    tag,
  ]);
  return artifact!.id;
}

/** What core's artifact delete leaves for GC: the manifest in artifact_trash, its blob links gone. */
export async function deleteArtifactRow(
  db: DataSource,
  image: PushedImage,
  trashedHoursAgo: number,
): Promise<void> {
  await db.query(
    `INSERT INTO artifact_trash (media_type, manifest_media_type, repository_name, digest, creation_time)
     VALUES ($1, $1, $2, $3, now() - make_interval(hours => $4))`,
    [OCI_MANIFEST, image.repository, image.digest, trashedHoursAgo],
  );
  await db.query('DELETE FROM artifact WHERE repository_name = $1 AND digest = $2', [
    image.repository,
    image.digest,
  ]);
  await db.query(
    'DELETE FROM artifact_blob ab WHERE digest_af = $1 AND NOT EXISTS (SELECT 1 FROM artifact a WHERE a.digest = ab.digest_af)',
    [image.digest],
  );
}

/** What GC tells core's event point, recorded (the stream itself is tested with core's consumer). */
export function recordedOutcomes(): { outcomes: JobOutcomes; published: JobOutcome[] } {
  const published: JobOutcome[] = [];
  const outcomes = {
    publish: (outcome: JobOutcome) => Promise.resolve(void published.push(outcome)),
  } as unknown as JobOutcomes;
  return { outcomes, published };
}

export function gcHandler(
  db: DataSource,
  registryctl: RegistryctlClient,
  outcomes: JobOutcomes = recordedOutcomes().outcomes,
): GarbageCollectionHandler {
  return new GarbageCollectionHandler(
    db,
    registryctl,
    new UntaggedArtifactsStep(outcomes),
    new TrashedManifestsStep(),
    new GarbageBlobsStep(),
  );
}

export function registryctlClient(endpoint: Endpoint): RegistryctlClient {
  return new RegistryctlClient({ registryctl: endpoint, secrets: TEST_INTERNAL_SECRETS });
}

export interface GcOutcome {
  execution: ExecutionRow;
  log: string;
  error?: Error;
}

/** One GC run as the runner makes it: an execution with one task, claimed, with its real TaskLog. */
export async function runGc(
  db: DataSource,
  handler: GarbageCollectionHandler,
  params: JobParamsInput<'GARBAGE_COLLECTION'>,
  signal: AbortSignal = new AbortController().signal,
): Promise<GcOutcome> {
  const { executionId, taskIds } = await createExecution(
    db,
    { vendorType: 'GARBAGE_COLLECTION', trigger: Trigger.Manual },
    [{ parameters: params }],
  );
  const taskId = taskIds[0]!;
  await claimTask(db, taskId, `test-${taskId}`);
  const log = new TaskLog(db, taskId, pino({ level: 'silent' }));
  let error: Error | undefined;
  try {
    await handler.run({
      taskId,
      executionId,
      attempt: 1,
      params: gcParamsSchema.parse(params),
      signal,
      log,
      report: (attrs) => mergeExecutionAttrs(db, executionId, attrs),
    });
  } catch (thrown) {
    error = thrown as Error;
  }
  await log.close();
  await finishTask(db, taskId, error ? TaskStatus.Error : TaskStatus.Success, error?.message);
  return {
    execution: (await getExecution(db, executionId))!,
    log: (await readTaskLog(db, taskId)) ?? '',
    ...(error ? { error } : {}),
  };
}
