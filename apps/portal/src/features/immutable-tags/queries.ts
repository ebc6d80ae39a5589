import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { repositoryKeys } from '../repositories/queries';
import {
  createImmutableRule,
  deleteImmutableRule,
  listImmutableRules,
  updateImmutableRule,
  type ImmutableRule,
  type ImmutableRuleBody,
  type ImmutableRuleListParams,
} from './api';

export const immutableRuleKeys = {
  all: ['immutable-rules'] as const,
  project: (projectId: number) => [...immutableRuleKeys.all, projectId] as const,
  list: (projectId: number, params: ImmutableRuleListParams) =>
    [...immutableRuleKeys.project(projectId), 'list', params] as const,
};

export const immutableRuleListQuery = (projectId: number, params: ImmutableRuleListParams) =>
  queryOptions({
    queryKey: immutableRuleKeys.list(projectId, params),
    queryFn: ({ signal }) => listImmutableRules(projectId, params, signal),
    placeholderData: keepPreviousData,
  });

/** The project a rule change belongs to: its rules by id, its artifacts (under repositoryKeys) by name. */
export interface RuleProject {
  projectId: number;
  projectName: string;
}

/**
 * A rule change re-reads the project's rules and its artifacts, whose tags show their immutable status.
 */
function useRuleMutation<I>({ projectId, projectName }: RuleProject, fn: (input: I) => Promise<void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: immutableRuleKeys.project(projectId) });
      await queryClient.invalidateQueries({ queryKey: repositoryKeys.project(projectName) });
    },
  });
}

export const useCreateImmutableRule = (project: RuleProject) =>
  useRuleMutation(project, (rule: ImmutableRuleBody) => createImmutableRule(project.projectId, rule));
export const useUpdateImmutableRule = (project: RuleProject) =>
  useRuleMutation(project, (rule: ImmutableRule) => updateImmutableRule(project.projectId, rule));
export const useDeleteImmutableRule = (project: RuleProject) =>
  useRuleMutation(project, (id: number) => deleteImmutableRule(project.projectId, id));
