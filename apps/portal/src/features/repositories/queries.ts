import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { projectKeys } from '../projects/queries';
import {
  deleteRepository,
  getRepository,
  listRepositories,
  updateRepositoryDescription,
  type PageParams,
} from './api';

// Below the project name, as Harbor's API nests them: invalidating repositoryKeys.project(p) refreshes its
// repositories and their artifacts (artifactKeys extend repositoryKeys.project).
export const repositoryKeys = {
  all: ['repositories'] as const,
  project: (projectName: string) => [...repositoryKeys.all, projectName] as const,
  list: (projectName: string, params: PageParams) =>
    [...repositoryKeys.project(projectName), 'list', params] as const,
  detail: (projectName: string, repository: string) =>
    [...repositoryKeys.project(projectName), 'detail', repository] as const,
};

/** `repository` without the project prefix. */
export const repositoryDetailQuery = (projectName: string, repository: string) =>
  queryOptions({
    queryKey: repositoryKeys.detail(projectName, repository),
    queryFn: ({ signal }) => getRepository(projectName, repository, signal),
  });

export function useUpdateRepositoryDescription(projectName: string, repository: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (description: string) => updateRepositoryDescription(projectName, repository, description),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: repositoryKeys.detail(projectName, repository) }),
  });
}

export const repositoryListQuery = (projectName: string, params: PageParams) =>
  queryOptions({
    queryKey: repositoryKeys.list(projectName, params),
    queryFn: ({ signal }) => listRepositories(projectName, params, signal),
    placeholderData: keepPreviousData,
  });

export function useDeleteRepository(projectName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (repository: string) => deleteRepository(projectName, repository),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: repositoryKeys.project(projectName) });
      // Repository counts and quota usage change with it.
      await queryClient.invalidateQueries({ queryKey: projectKeys.all });
    },
  });
}
