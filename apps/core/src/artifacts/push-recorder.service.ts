import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { LOGGER } from '@harbor-ts/runtime';
import { cosignTagAccessory } from '../artifact-accessories/cosign-tag.js';
import { CoreEvents } from '../events/core-events.js';
import { PeerClients } from '../infrastructure/peer-clients.js';
import { imageExtraAttrs, summarizeManifest, type ManifestSummary } from './manifest-summary.js';

export interface PushedManifest {
  repository: string;
  /** The project name, the repository's first path segment. */
  project: string;
  digest: string;
  tag?: string;
  bytes: Buffer;
  contentType?: string;
  /** Who pushed, for the `artifact.pushed` event (Harbor's `create` audit entry); none is emitted without one. */
  operator?: string;
}

/** Config blobs larger than this are not image configs worth reading for extra_attrs. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Records a manifest the registry accepted: repository, artifact, tag, references, blobs — atomically. */
@Injectable()
export class PushRecorder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly peers: PeerClients,
    private readonly events: CoreEvents,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(push: PushedManifest): Promise<number> {
    const summary = summarizeManifest(push.bytes, push.contentType, push.digest);
    const extraAttrs =
      summary.type === 'IMAGE' && !summary.parsed.isIndex
        ? imageExtraAttrs(await this.readConfig(push, summary))
        : {};
    const recorded = await this.dataSource.transaction(async (manager) => {
      const [project] = (await manager.query(
        'SELECT project_id FROM project WHERE name = $1 AND NOT deleted',
        [push.project],
      )) as { project_id: number }[];
      if (!project) throw new Error(`project ${push.project} does not exist`);
      const projectId = project.project_id;
      const [repo] = (await manager.query(
        `INSERT INTO repository (name, project_id) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET update_time = now() RETURNING repository_id`,
        [push.repository, projectId],
      )) as { repository_id: number }[];
      const repositoryId = repo!.repository_id;
      const children = await this.childArtifacts(manager, repositoryId, summary);
      const size = summary.size + children.reduce((sum, child) => sum + child.size, 0);
      const [artifact] = (await manager.query(
        `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type,
           artifact_type, size, extra_attrs, annotations, push_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
         ON CONFLICT (repository_id, digest) DO UPDATE SET push_time = now() RETURNING id`,
        [
          projectId,
          repositoryId,
          push.repository,
          push.digest,
          summary.type,
          summary.mediaType,
          summary.parsed.mediaType,
          summary.artifactType,
          size,
          JSON.stringify(extraAttrs),
          summary.parsed.annotations ?? null,
        ],
      )) as { id: number }[];
      const artifactId = artifact!.id;
      if (push.tag) {
        // A tag names one artifact per repository: pushing it again moves it.
        await manager.query(
          `INSERT INTO tag (repository_id, artifact_id, name, push_time) VALUES ($1, $2, $3, now())
           ON CONFLICT (repository_id, name) DO UPDATE SET artifact_id = EXCLUDED.artifact_id, push_time = now()`,
          [repositoryId, artifactId, push.tag],
        );
      }
      for (const child of children) {
        await manager.query(
          `INSERT INTO artifact_reference (parent_id, child_id, child_digest, platform, urls, annotations)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (parent_id, child_id) DO NOTHING`,
          [artifactId, child.id, child.digest, child.platform, child.urls, child.annotations],
        );
      }
      await this.recordBlobs(manager, push, summary, projectId);
      const accessory =
        summary.parsed.subject && summary.accessoryType
          ? { subjectDigest: summary.parsed.subject.digest.value, type: summary.accessoryType }
          : cosignTagAccessory(push.tag, summary);
      if (accessory) await this.recordAccessory(manager, push, accessory, artifactId, size, repositoryId);
      return { artifactId, projectId };
    });
    if (push.operator) {
      // After the commit, and only for what was recorded. Copies of further tags come without an operator.
      await this.events.emit({
        type: 'artifact.pushed',
        operator: push.operator,
        projectId: recorded.projectId,
        repository: push.repository,
        digest: push.digest,
        ...(push.tag ? { tag: push.tag } : {}),
      });
    }
    return recorded.artifactId;
  }

  private async childArtifacts(manager: EntityManager, repositoryId: number, summary: ManifestSummary) {
    if (summary.children.length === 0) return [];
    const rows = (await manager.query(
      'SELECT id, digest, size FROM artifact WHERE repository_id = $1 AND digest = ANY($2)',
      [repositoryId, summary.children.map((c) => c.digest)],
    )) as { id: number; digest: string; size: string }[];
    const byDigest = new Map(rows.map((row) => [row.digest, row]));
    return summary.children.flatMap((child) => {
      const row = byDigest.get(child.digest);
      return row ? [{ ...child, id: row.id, size: Number(row.size) }] : [];
    });
  }

  private async recordBlobs(
    manager: EntityManager,
    push: PushedManifest,
    summary: ManifestSummary,
    projectId: number,
  ) {
    const descriptors = new Map<string, { mediaType: string; size: number }>([
      [push.digest, { mediaType: summary.parsed.mediaType, size: push.bytes.length }],
    ]);
    for (const d of [...summary.parsed.blobs, ...summary.parsed.manifests])
      descriptors.set(d.digest.value, d);
    const digests = [...descriptors.keys()];
    // One statement for all of them: a push should not cost a round trip per layer. A GC candidate
    // (delete, deletefailed) comes back to none with a new version, so GC's next step skips it.
    await manager.query(
      `WITH blobs AS (
         INSERT INTO blob (digest, content_type, size) SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::bigint[])
         ON CONFLICT (digest) DO UPDATE SET update_time = now(), version = blob.version + 1,
           status = CASE WHEN blob.status = 'deleting' THEN blob.status ELSE 'none' END RETURNING id),
       linked AS (INSERT INTO project_blob (project_id, blob_id) SELECT $4, id FROM blobs ON CONFLICT DO NOTHING)
       INSERT INTO artifact_blob (digest_af, digest_blob) SELECT $5, unnest($1::varchar[]) ON CONFLICT DO NOTHING`,
      [
        digests,
        digests.map((d) => descriptors.get(d)!.mediaType),
        digests.map((d) => descriptors.get(d)!.size),
        projectId,
        push.digest,
      ],
    );
  }

  private async recordAccessory(
    manager: EntityManager,
    push: PushedManifest,
    { subjectDigest, type }: { subjectDigest: string; type: string },
    artifactId: number,
    size: number,
    repositoryId: number,
  ) {
    const [subject] = (await manager.query(
      'SELECT id FROM artifact WHERE repository_id = $1 AND digest = $2',
      [repositoryId, subjectDigest],
    )) as { id: number }[];
    await manager.query(
      `INSERT INTO artifact_accessory (artifact_id, subject_artifact_id, subject_artifact_repo, subject_artifact_digest, type, size, digest)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [artifactId, subject?.id ?? null, push.repository, subjectDigest, type, size, push.digest],
    );
  }

  /** The image config, for architecture/os/created; a missing or odd config only loses those fields. */
  private async readConfig(
    push: PushedManifest,
    summary: ManifestSummary,
  ): Promise<Record<string, unknown> | undefined> {
    const config = summary.parsed.blobs[0];
    if (!config || config.size > MAX_CONFIG_BYTES) return undefined;
    try {
      const response = await this.peers.registry.request(
        `/v2/${push.repository}/blobs/${config.digest.value}`,
        { method: 'GET' },
      );
      if (response.statusCode !== 200) {
        await response.body.dump();
        return undefined;
      }
      return (await response.body.json()) as Record<string, unknown>;
    } catch (error) {
      this.logger.warn({ err: error, repository: push.repository }, 'image config unreadable');
      return undefined;
    }
  }
}
