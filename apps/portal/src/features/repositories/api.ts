import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel } from '../../lib/api-types';

/** `name` includes the project ("library/nginx"). */
export type Repository = ApiModel<'Repository', 'id' | 'project_id' | 'name'>;

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
      q: params.name ? `name=~${params.name}` : undefined,
    },
  });
}

/** `repository` without the project prefix. */
export function deleteRepository(projectName: string, repository: string): Promise<void> {
  return apiClient.delete(
    `/projects/${encodeURIComponent(projectName)}/repositories/${repositoryPath(repository)}`,
  );
}
