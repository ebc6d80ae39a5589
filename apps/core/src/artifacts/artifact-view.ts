import type { MatchableRule } from '@harbor-ts/selectors';
import { NEVER_IMMUTABLE, tagImmutability } from '../immutable-tags/immutable-status.js';
import { accessoryIcon, artifactIcon } from '../icons/icon-digests.js';
import type { ArtifactRow } from './artifact-resolver.service.js';

type Row = Record<string, unknown>;

/** Harbor shows a never-pulled artifact or tag with Go's zero time, not null. */
export const NEVER = '0001-01-01T00:00:00.000Z';

export interface ArtifactOptions {
  withTag: boolean;
  withScanOverview: boolean;
  /** `with_sbom_overview`: Harbor's `sbom_overview` of the artifact's SBOM generation. */
  withSbomOverview?: boolean;
  withLabel: boolean;
  withAccessory: boolean;
  withImmutableStatus: boolean;
  withInheritedAccessory: boolean;
}

/** What one page of artifacts carries besides its own rows, each fetched in one query for the whole page. */
export interface Related {
  tags: Map<number, Row[]>;
  labels: Map<number, Row[]>;
  references: Map<number, Row[]>;
  accessories: Map<string, Row[]>;
  /** Signatures of the indexes that list an artifact, by the artifact's id. */
  inherited: Map<number, Row[]>;
  /** `scan_overview` by the artifact's id; undefined when the artifact has no report. */
  scanOverviews: Map<number, Row | undefined>;
  /** `sbom_overview` by the artifact's id; undefined when no SBOM was generated. */
  sbomOverviews?: Map<number, Row | undefined>;
  /** The project's enabled immutable tag rules, read with the page when `with_immutable_status` asks. */
  immutableRules: readonly MatchableRule[];
}

/**
 * Harbor's Tag. `immutable` is whether an enabled rule of the project selects the tag; Harbor computes it
 * only for `with_immutable_status=true` and says false otherwise.
 */
export function toTag(row: Row, immutable = false) {
  return {
    id: row.id,
    repository_id: row.repository_id,
    artifact_id: row.artifact_id,
    name: row.name,
    push_time: row.push_time,
    pull_time: row.pull_time ?? NEVER,
    immutable,
  };
}

export function toLabel(row: Row) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    color: row.color,
    scope: row.scope,
    project_id: row.project_id,
    creation_time: row.creation_time,
    update_time: row.update_time,
  };
}

function toReference(row: Row) {
  return {
    parent_id: row.parent_id,
    child_id: row.child_id,
    child_digest: row.child_digest,
    ...(row.platform ? { platform: JSON.parse(String(row.platform)) as unknown } : {}),
    ...(row.annotations ? { annotations: row.annotations } : {}),
    ...(row.urls ? { urls: JSON.parse(String(row.urls)) as unknown } : {}),
  };
}

function toAccessory(row: Row) {
  return {
    id: row.id,
    artifact_id: row.artifact_id,
    subject_artifact_id: row.subject_artifact_id ?? 0,
    subject_artifact_repo: row.subject_artifact_repo,
    subject_artifact_digest: row.subject_artifact_digest,
    size: Number(row.size),
    digest: row.digest,
    type: row.type,
    icon: accessoryIcon(String(row.type)),
    creation_time: row.creation_time,
  };
}

/**
 * The additions Harbor links for each artifact type (served by the additions module). The repository
 * name is escaped twice, as Harbor writes these links.
 */
function additionLinks(artifact: ArtifactRow): Record<string, { href: string; absolute: boolean }> {
  const additions =
    artifact.type === 'CHART'
      ? ['values.yaml', 'readme.md', 'dependencies']
      : artifact.type === 'IMAGE' &&
          !artifact.manifest_media_type.includes('index') &&
          !artifact.manifest_media_type.includes('list')
        ? ['build_history']
        : [];
  const [project, ...rest] = artifact.repository_name.split('/');
  const repository = encodeURIComponent(encodeURIComponent(rest.join('/')));
  const base = `/api/v2.0/projects/${project}/repositories/${repository}/artifacts/${artifact.digest}/additions`;
  return Object.fromEntries(additions.map((name) => [name, { href: `${base}/${name}`, absolute: false }]));
}

/** Harbor's Artifact. Optional parts (tags, labels, accessories, scan overview) appear only when asked for. */
export function toArtifact(artifact: ArtifactRow, related: Related, options: ArtifactOptions) {
  const immutable = options.withImmutableStatus
    ? tagImmutability(related.immutableRules, artifact.repository_name)
    : NEVER_IMMUTABLE;
  return {
    id: artifact.id,
    type: artifact.type,
    media_type: artifact.media_type,
    manifest_media_type: artifact.manifest_media_type,
    artifact_type: artifact.artifact_type,
    project_id: artifact.project_id,
    repository_id: artifact.repository_id,
    repository_name: artifact.repository_name,
    digest: artifact.digest,
    size: Number(artifact.size),
    icon: artifactIcon(artifact.type, artifact.icon),
    push_time: artifact.push_time,
    pull_time: artifact.pull_time ?? NEVER,
    extra_attrs: JSON.parse(artifact.extra_attrs || '{}') as unknown,
    ...(artifact.annotations ? { annotations: artifact.annotations } : {}),
    references: (related.references.get(artifact.id) ?? []).map(toReference),
    ...(options.withTag
      ? { tags: (related.tags.get(artifact.id) ?? []).map((tag) => toTag(tag, immutable(String(tag.name)))) }
      : {}),
    ...(options.withLabel ? { labels: (related.labels.get(artifact.id) ?? []).map(toLabel) } : {}),
    ...(options.withAccessory
      ? { accessories: (related.accessories.get(artifact.digest) ?? []).map(toAccessory) }
      : {}),
    ...(options.withInheritedAccessory
      ? { inherited_accessories: (related.inherited.get(artifact.id) ?? []).map(toAccessory) }
      : {}),
    ...(options.withScanOverview && related.scanOverviews.get(artifact.id)
      ? { scan_overview: related.scanOverviews.get(artifact.id) }
      : {}),
    ...(options.withSbomOverview && related.sbomOverviews?.get(artifact.id)
      ? { sbom_overview: related.sbomOverviews.get(artifact.id) }
      : {}),
    addition_links: additionLinks(artifact),
  };
}
