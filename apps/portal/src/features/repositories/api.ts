import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Schemas } from '../../lib/api-types';
import { fuzzyQuery } from '../../lib/harbor-query';

/** `name` includes the project ("library/nginx"). */
export type Repository = ApiModel<'Repository', 'id' | 'project_id' | 'name'>;

export interface PageParams {
  page: number;
  pageSize: number;
  /** Fuzzy name filter (q=name=~value). */
  name?: string;
  /** Harbor's sort, e.g. `-pull_count`. */
  sort?: string;
}

/** "library/nginx" → "nginx"; "team/tools/cli" → "tools/cli". */
export function repositoryShortName(projectName: string, fullName: string): string {
  return fullName.startsWith(`${projectName}/`) ? fullName.slice(projectName.length + 1) : fullName;
}

/** Harbor clients encode repository names twice in paths (a/b → a%252Fb). */
export function repositoryPath(name: string): string {
  return encodeURIComponent(encodeURIComponent(name));
}

export function listRepositories(
  projectName: string,
  params: PageParams,
  signal?: AbortSignal,
): Promise<ListPage<Repository>> {
  return apiClient.list<Repository>(`/projects/${encodeURIComponent(projectName)}/repositories`, {
    signal,
    query: {
      page: params.page,
      page_size: params.pageSize,
      q: params.name ? fuzzyQuery('name', params.name) : undefined,
      sort: params.sort,
    },
  });
}

const repositoryUrl = (projectName: string, repository: string) =>
  `/projects/${encodeURIComponent(projectName)}/repositories/${repositoryPath(repository)}`;

/** `repository` without the project prefix. */
export function getRepository(
  projectName: string,
  repository: string,
  signal?: AbortSignal,
): Promise<Repository> {
  return apiClient.get(repositoryUrl(projectName, repository), { signal });
}

/** Harbor's repository description (markdown, free text). */
export function updateRepositoryDescription(
  projectName: string,
  repository: string,
  description: string,
): Promise<void> {
  return apiClient.put(repositoryUrl(projectName, repository), {
    description,
  } satisfies Schemas['Repository']);
}

/** `repository` without the project prefix. */
export function deleteRepository(projectName: string, repository: string): Promise<void> {
  return apiClient.delete(repositoryUrl(projectName, repository));
}
