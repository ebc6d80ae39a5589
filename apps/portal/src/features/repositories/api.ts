import { apiClient, type ListPage } from '../../lib/api-client';

/** Harbor's Repository; `name` includes the project ("library/nginx"). */
export interface Repository {
  id: number;
  project_id: number;
  name: string;
  description?: string;
  artifact_count?: number;
  pull_count?: number;
  creation_time?: string;
  update_time?: string;
}

export interface Tag {
  id: number;
  name: string;
  push_time?: string;
  pull_time?: string;
}

/** Harbor's Artifact (the fields the portal reads). */
export interface Artifact {
  id: number;
  type?: string;
  media_type?: string;
  manifest_media_type?: string;
  digest: string;
  size: number;
  push_time?: string;
  pull_time?: string;
  repository_name?: string;
  tags?: Tag[] | null;
  references?: { child_digest: string; platform?: { os?: string; architecture?: string } | null }[] | null;
}

export interface PageParams {
  page: number;
  pageSize: number;
  /** Fuzzy name filter (q=name=~value). */
  name?: string;
}

/** "library/nginx" → "nginx"; "team/tools/cli" → "tools/cli". */
export function repositoryShortName(projectName: string, fullName: string): string {
  return fullName.startsWith(`${projectName}/`) ? fullName.slice(projectName.length + 1) : fullName;
}

/** Harbor clients encode repository names twice in paths (a/b → a%252Fb). */
function repoPath(name: string): string {
  return encodeURIComponent(encodeURIComponent(name));
}

export function listRepositories(
  projectName: string,
  params: PageParams,
  signal?: AbortSignal,
): Promise<ListPage<Repository>> {
  return apiClient.list<Repository>(`/projects/${encodeURIComponent(projectName)}/repositories`, {
    signal,
    query: { page: params.page, page_size: params.pageSize, q: params.name ? `name=~${params.name}` : undefined },
  });
}

/** `repository` without the project prefix. */
export function deleteRepository(projectName: string, repository: string): Promise<void> {
  return apiClient.delete(`/projects/${encodeURIComponent(projectName)}/repositories/${repoPath(repository)}`);
}

export function listArtifacts(
  projectName: string,
  repository: string,
  params: PageParams,
  signal?: AbortSignal,
): Promise<ListPage<Artifact>> {
  return apiClient.list<Artifact>(
    `/projects/${encodeURIComponent(projectName)}/repositories/${repoPath(repository)}/artifacts`,
    { signal, query: { page: params.page, page_size: params.pageSize, with_tag: true } },
  );
}
