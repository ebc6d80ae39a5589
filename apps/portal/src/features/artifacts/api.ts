import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Override, Schemas } from '../../lib/api-types';
import { repositoryPath } from '../repositories/api';
import { fuzzyQuery } from '../../lib/harbor-query';

export type Tag = ApiModel<'Tag', 'id' | 'name'>;
export type ArtifactLabel = ApiModel<'Label', 'id' | 'name'>;
export type Platform = Schemas['Platform'];
export type ArtifactReference = ApiModel<'Reference', 'child_digest'>;
/** A signature, SBOM… attached to an artifact (`with_accessory=true`). */
export type Accessory = ApiModel<'Accessory', 'id' | 'digest' | 'type'>;
/** The chart additions shown as text. */
export type ChartFile = 'values.yaml' | 'readme.md';

/** Harbor's Artifact; `tags`, `labels` and `accessories` come with the with_* flags. */
export type Artifact = Override<
  ApiModel<'Artifact', 'id' | 'digest' | 'size'>,
  {
    tags?: Tag[] | null;
    labels?: ArtifactLabel[] | null;
    references?: ArtifactReference[] | null;
    accessories?: Accessory[] | null;
  }
>;

/** One step of an image's build history (the build_history addition: the config's `history`). */
export interface BuildHistoryEntry {
  created?: string;
  created_by?: string;
  comment?: string;
  author?: string;
  empty_layer?: boolean;
}

/** Where an artifact lives: the project name and the repository name without the project. */
export interface ArtifactLocation {
  projectName: string;
  repository: string;
}

export interface ArtifactListParams {
  page: number;
  pageSize: number;
  /** Harbor's sort, e.g. `-push_time`. */
  sort?: string;
  /** Tag name filter (q=tags=~value). */
  tag?: string;
}

function artifactsPath({ projectName, repository }: ArtifactLocation): string {
  return `/projects/${encodeURIComponent(projectName)}/repositories/${repositoryPath(repository)}/artifacts`;
}

/** `reference` is a digest or a tag. */
export function artifactPath(at: ArtifactLocation, reference: string): string {
  return `${artifactsPath(at)}/${encodeURIComponent(reference)}`;
}

const DETAIL_FLAGS = {
  with_tag: true,
  // Each tag's `immutable`, from the project's immutable tag rules (false without the flag).
  with_immutable_status: true,
  with_label: true,
  with_accessory: true,
  with_scan_overview: true,
  with_sbom_overview: true,
} as const;

export function listArtifacts(
  at: ArtifactLocation,
  params: ArtifactListParams,
  signal?: AbortSignal,
): Promise<ListPage<Artifact>> {
  return apiClient.list<Artifact>(artifactsPath(at), {
    signal,
    query: {
      ...DETAIL_FLAGS,
      page: params.page,
      page_size: params.pageSize,
      sort: params.sort,
      q: params.tag ? fuzzyQuery('tags', params.tag) : undefined,
    },
  });
}

export function getArtifact(
  at: ArtifactLocation,
  reference: string,
  signal?: AbortSignal,
): Promise<Artifact> {
  return apiClient.get<Artifact>(artifactPath(at, reference), { signal, query: DETAIL_FLAGS });
}

export function deleteArtifact(at: ArtifactLocation, digest: string): Promise<void> {
  return apiClient.delete(artifactPath(at, digest));
}

/** Copies `from` ("project/repository@digest") into `to`; Harbor's CopyArtifact. */
export function copyArtifact(to: ArtifactLocation, from: string): Promise<void> {
  return apiClient.post(artifactsPath(to), undefined, { query: { from } });
}

export function createTag(at: ArtifactLocation, digest: string, name: string): Promise<void> {
  return apiClient.post(`${artifactPath(at, digest)}/tags`, { name } satisfies Schemas['NewTag']);
}

export function deleteTag(at: ArtifactLocation, digest: string, name: string): Promise<void> {
  return apiClient.delete(`${artifactPath(at, digest)}/tags/${encodeURIComponent(name)}`);
}

export function addLabel(at: ArtifactLocation, digest: string, labelId: number): Promise<void> {
  return apiClient.post(`${artifactPath(at, digest)}/labels`, { id: labelId } satisfies Schemas['Label']);
}

export function removeLabel(at: ArtifactLocation, digest: string, labelId: number): Promise<void> {
  return apiClient.delete(`${artifactPath(at, digest)}/labels/${labelId}`);
}

export async function getBuildHistory(
  at: ArtifactLocation,
  digest: string,
  signal?: AbortSignal,
): Promise<BuildHistoryEntry[]> {
  const body = await apiClient.get<unknown>(`${artifactPath(at, digest)}/additions/build_history`, {
    signal,
  });
  // Harbor answers with application/json; a proxy may relabel it as text.
  const parsed: unknown = typeof body === 'string' ? JSON.parse(body) : body;
  return Array.isArray(parsed) ? (parsed as BuildHistoryEntry[]) : [];
}

/** A Helm chart's values.yaml or readme.md, as text. */
export async function getChartFile(
  at: ArtifactLocation,
  digest: string,
  file: ChartFile,
  signal?: AbortSignal,
): Promise<string> {
  const body = await apiClient.get<unknown>(`${artifactPath(at, digest)}/additions/${file}`, { signal });
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
}
