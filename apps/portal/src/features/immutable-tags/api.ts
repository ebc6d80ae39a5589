import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Override } from '../../lib/api-types';

/** One selector of a rule: Harbor's only kind is `doublestar`. */
export type ImmutableSelector = ApiModel<'ImmutableSelector', 'kind' | 'decoration' | 'pattern'>;

/** Harbor's ImmutableRule as core returns it: the first repository and tag selectors are the ones that count. */
export type ImmutableRule = Override<
  ApiModel<'ImmutableRule', 'id' | 'disabled'>,
  { tag_selectors: ImmutableSelector[]; scope_selectors: { repository: ImmutableSelector[] } }
>;

/** What the portal sends: a rule without its id (create) or with it (update). */
export type ImmutableRuleBody = Omit<ImmutableRule, 'id'> & { id?: number };

export interface ImmutableRuleListParams {
  page: number;
  pageSize: number;
}

function rulesPath(projectId: number): string {
  return `/projects/${projectId}/immutabletagrules`;
}

/** The project's rules, oldest first (Harbor's order). */
export function listImmutableRules(
  projectId: number,
  { page, pageSize }: ImmutableRuleListParams,
  signal?: AbortSignal,
): Promise<ListPage<ImmutableRule>> {
  return apiClient.list<ImmutableRule>(rulesPath(projectId), {
    signal,
    query: { page, page_size: pageSize },
  });
}

export function createImmutableRule(projectId: number, rule: ImmutableRuleBody): Promise<void> {
  return apiClient.post(rulesPath(projectId), rule);
}

/** Harbor's PUT takes the whole rule: edits and enable/disable alike. */
export function updateImmutableRule(projectId: number, rule: ImmutableRule): Promise<void> {
  return apiClient.put(`${rulesPath(projectId)}/${rule.id}`, rule);
}

export function deleteImmutableRule(projectId: number, id: number): Promise<void> {
  return apiClient.delete(`${rulesPath(projectId)}/${id}`);
}
