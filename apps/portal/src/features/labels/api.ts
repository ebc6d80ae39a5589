import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel } from '../../lib/api-types';

export type Label = ApiModel<'Label', 'id' | 'name' | 'scope'>;

export interface LabelInput {
  name: string;
  description: string;
  color: string;
}

export type LabelScope = { scope: 'g' } | { scope: 'p'; projectId: number };

export interface LabelListParams {
  page: number;
  pageSize: number;
  /** Harbor's sort, e.g. `name` or `-creation_time`. */
  sort?: string;
}

export function listLabels(
  scope: LabelScope,
  { page, pageSize, sort }: LabelListParams,
  signal?: AbortSignal,
): Promise<ListPage<Label>> {
  return apiClient.list<Label>('/labels', {
    signal,
    query: {
      scope: scope.scope,
      project_id: scope.scope === 'p' ? scope.projectId : undefined,
      page,
      page_size: pageSize,
      sort,
    },
  });
}

export function createLabel(scope: LabelScope, input: LabelInput): Promise<void> {
  return apiClient.post('/labels', {
    ...input,
    scope: scope.scope,
    project_id: scope.scope === 'p' ? scope.projectId : undefined,
  });
}

export function updateLabel(id: number, input: LabelInput): Promise<void> {
  return apiClient.put(`/labels/${id}`, input);
}

export function deleteLabel(id: number): Promise<void> {
  return apiClient.delete(`/labels/${id}`);
}
