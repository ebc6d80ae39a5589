import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { isValidRepositoryName } from '@harbor-ts/oci';
import { RegistryContent } from '../artifacts/registry-content.js';
import { ArtifactResolver, type ArtifactRow } from '../artifacts/artifact-resolver.service.js';
import { PushRecorder } from '../artifacts/push-recorder.service.js';
import type { SecurityContext } from '../auth/index.js';
import { ReadOnlyService } from '../configurations/read-only.service.js';
import { refuseImmutableTagUpdate } from '../immutable-tags/immutable-tag-check.js';
import { authorizedProject } from '../repositories/project-scope.js';
import { CopyQuota } from './copy-quota.js';
import { parseCopySource, type CopySource } from './copy-source.js';
import { operatorOf } from '../events/operator.js';
import { copySizes, CopyTree, type CopyNode } from './copy-tree.js';

/** Where a copy goes, and who asked for it (the events' operator). */
interface CopyTarget {
  project: string;
  projectId: number;
  repository: string;
  operator: SecurityContext;
}

/**
 * Harbor's CopyArtifact: the blobs are mounted across repositories inside the registry (no bytes move),
 * children before their index, then the manifest; each manifest is recorded as a push records it.
 */
@Injectable()
export class ArtifactCopier {
  constructor(
    private readonly readOnly: ReadOnlyService,
    private readonly resolver: ArtifactResolver,
    private readonly tree: CopyTree,
    private readonly quota: CopyQuota,
    private readonly registry: RegistryContent,
    private readonly pushes: PushRecorder,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Checks in Harbor's order: read-only, target access, `from`, source access, source artifact, quota, then
   * the target's immutable tags (a copied tag may not move one). Returns `from`'s reference.
   */
  async copy(
    security: SecurityContext,
    projectName: string,
    repositoryName: string,
    from: unknown,
  ): Promise<string> {
    await this.readOnly.assertWritable();
    const target = await authorizedProject(security, projectName, 'artifact', 'create');
    await this.refuseProxyCache(target.projectId);
    const source = parseCopySource(from);
    const repository = `${target.name}/${repositoryName}`;
    if (!isValidRepositoryName(repository))
      throw HarborError.badRequest(`invalid repository name: ${repositoryName}`);
    await authorizedProject(security, source.project, 'artifact', 'read');
    const artifact = await this.resolver.resolve(source.project, source.repository, source.reference);
    if (await this.isAccessory(artifact)) {
      throw new HarborError(
        HarborErrorCode.DENIED,
        "the operation isn't supported for an artifact accessory",
      );
    }
    const root = await this.tree.read(artifact.repository_name, artifact.digest);
    const sizes = copySizes(root);
    const quotaWarning = await this.quota.reserve(target.projectId, sizes, {
      repository,
      digest: artifact.digest,
      operator: operatorOf(security),
    });
    const into: CopyTarget = {
      project: target.name,
      projectId: target.projectId,
      repository,
      operator: security,
    };
    try {
      const tags = await this.tagsOf(artifact, source);
      // Harbor refuses when a copied tag would move an immutable tag of the target; here before anything is written.
      await refuseImmutableTagUpdate(this.dataSource, repository, tags, artifact.digest);
      await this.place(root, artifact.repository_name, into, tags, new Set());
    } catch (error) {
      await this.quota.releaseUnrecorded(target.projectId, sizes);
      throw error;
    }
    await quotaWarning?.();
    return source.reference;
  }

  /** Children first (an index needs them), then blobs and the manifest, then its accessories (they need it). */
  private async place(node: CopyNode, from: string, into: CopyTarget, tags: string[], mounted: Set<string>) {
    for (const child of node.children) await this.place(child, from, into, [], mounted);
    for (const blob of node.parsed.blobs) {
      if (mounted.has(blob.digest.value)) continue;
      await this.registry.mount(into.repository, blob.digest.value, from);
      mounted.add(blob.digest.value);
    }
    for (const reference of tags.length > 0 ? tags : [node.digest]) {
      await this.registry.putManifest(into.repository, reference, node.manifest);
    }
    const recorded = {
      repository: into.repository,
      project: into.project,
      digest: node.digest,
      bytes: node.manifest.bytes,
    };
    const contentType = node.manifest.contentType ? { contentType: node.manifest.contentType } : {};
    // One event (audit entry) per artifact, named by its first tag; further tags are recorded without one.
    await this.pushes.record({
      ...recorded,
      ...contentType,
      ...(tags[0] ? { tag: tags[0] } : {}),
      operator: operatorOf(into.operator),
    });
    for (const tag of tags.slice(1)) await this.pushes.record({ ...recorded, ...contentType, tag });
    for (const accessory of node.accessories) await this.place(accessory, from, into, [], mounted);
  }

  /** Harbor copies every tag of the source artifact; the one named in `from` comes first. */
  private async tagsOf(artifact: ArtifactRow, source: CopySource): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(
      'SELECT name FROM tag WHERE artifact_id = $1 ORDER BY id',
      [artifact.id],
    );
    const names = rows.map((row) => row.name);
    return names.includes(source.reference)
      ? [source.reference, ...names.filter((n) => n !== source.reference)]
      : names;
  }

  private async isAccessory(artifact: ArtifactRow): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM artifact_accessory WHERE artifact_id = $1 LIMIT 1',
      [artifact.id],
    );
    return rows.length > 0;
  }

  private async refuseProxyCache(projectId: number): Promise<void> {
    const [row] = (await this.dataSource.query('SELECT registry_id FROM project WHERE project_id = $1', [
      projectId,
    ])) as {
      registry_id: number;
    }[];
    if (row && row.registry_id !== 0) {
      throw new HarborError(
        HarborErrorCode.METHOD_NOT_ALLOWED,
        "the operation isn't supported for a proxy cache project",
      );
    }
  }
}
