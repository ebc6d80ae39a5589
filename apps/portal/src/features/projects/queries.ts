import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { createProject, getProject, getProjectSummary, listProjects, type ProjectListParams } from './api';
import { updateProjectSettings, type ProjectSettings } from './settings';

export const projectKeys = {
  all: ['projects'] as const,
  lists: () => [...projectKeys.all, 'list'] as const,
  list: (params: ProjectListParams) => [...projectKeys.lists(), params] as const,
  details: () => [...projectKeys.all, 'detail'] as const,
  detail: (id: string) => [...projectKeys.details(), id] as const,
  summary: (id: string) => [...projectKeys.detail(id), 'summary'] as const,
};

export const projectListQuery = (params: ProjectListParams) =>
  queryOptions({
    queryKey: projectKeys.list(params),
    queryFn: ({ signal }) => listProjects(params, signal),
    // Keep the previous page on screen while the next one loads (no flashing skeleton when paging).
    placeholderData: keepPreviousData,
  });

export const projectQuery = (id: string) =>
  queryOptions({ queryKey: projectKeys.detail(id), queryFn: ({ signal }) => getProject(id, signal) });

export const projectSummaryQuery = (id: string) =>
  queryOptions({
    queryKey: projectKeys.summary(id),
    queryFn: ({ signal }) => getProjectSummary(id, signal),
  });

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createProject,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: projectKeys.lists() }),
  });
}

export function useUpdateProjectSettings(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: ProjectSettings) => updateProjectSettings(id, settings),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: projectKeys.all }),
  });
}
