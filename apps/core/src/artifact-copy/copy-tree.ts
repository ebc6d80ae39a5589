import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { parseManifest, type ParsedManifest } from '@harbor-ts/oci';
import { RegistryContent, type StoredManifest } from '../artifacts/registry-content.js';

/** One manifest to copy, with what must be copied before it (children) and after it (accessories). */
export interface CopyNode {
  digest: string;
  manifest: StoredManifest;
  parsed: ParsedManifest;
  children: CopyNode[];
  accessories: CopyNode[];
}

/** An index of indexes is allowed by the spec; deeper nesting is refused rather than followed. */
const MAX_DEPTH = 3;

/**
 * Reads everything a copy will write before writing anything, so quota and validity are known up front:
 * the manifest, an index's children, and the accessories (signatures, SBOMs) recorded for each — as
 * Harbor copies them along. Accessories' own accessories are not followed, as in Harbor.
 */
@Injectable()
export class CopyTree {
  constructor(
    private readonly registry: RegistryContent,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  read(repository: string, digest: string): Promise<CopyNode> {
    return this.node(repository, digest, 0, true);
  }

  private async node(
    repository: string,
    digest: string,
    depth: number,
    withAccessories: boolean,
  ): Promise<CopyNode> {
    if (depth > MAX_DEPTH)
      throw HarborError.badRequest(`${repository}@${digest} nests indexes too deeply to copy`);
    const manifest = await this.registry.manifest(repository, digest);
    let parsed: ParsedManifest;
    try {
      parsed = parseManifest(manifest.bytes, manifest.contentType || undefined);
    } catch {
      throw new HarborError(
        HarborErrorCode.INTERNAL_SERVER_ERROR,
        `the stored manifest ${repository}@${digest} is unreadable`,
      );
    }
    const children: CopyNode[] = [];
    for (const child of parsed.manifests)
      children.push(await this.node(repository, child.digest.value, depth + 1, true));
    const accessories: CopyNode[] = [];
    if (withAccessories) {
      for (const accessory of await this.accessoryDigests(repository, digest)) {
        accessories.push(await this.node(repository, accessory, depth + 1, false));
      }
    }
    return { digest, manifest, parsed, children, accessories };
  }

  private async accessoryDigests(repository: string, subjectDigest: string): Promise<string[]> {
    const rows: { digest: string }[] = await this.dataSource.query(
      `SELECT digest FROM artifact_accessory WHERE subject_artifact_repo = $1 AND subject_artifact_digest = $2 ORDER BY id`,
      [repository, subjectDigest],
    );
    return rows.map((row) => row.digest);
  }
}

/** Every digest the copy brings into the target, with its size: manifests, configs, layers. */
export function copySizes(node: CopyNode, sizes = new Map<string, number>()): Map<string, number> {
  sizes.set(node.digest, node.manifest.bytes.length);
  for (const blob of node.parsed.blobs) sizes.set(blob.digest.value, blob.size);
  for (const next of [...node.children, ...node.accessories]) copySizes(next, sizes);
  return sizes;
}
