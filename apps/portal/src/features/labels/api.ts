import { apiClient, type ListPage } from '../../lib/api-client';

/** Harbor's Label; `scope` g = global (admins), p = one project's. */
export interface Label {
  id: number;
  name: string;
  description?: string;
  color?: string;
  scope: 'g' | 'p';
  project_id?: number;
  creation_time?: string;
}

export interface LabelInput {
  name: string;
  description: string;
  color: string;
}

export type LabelScope = { scope: 'g' } | { scope: 'p'; projectId: number };

export function listLabels(scope: LabelScope, page: number, pageSize: number, signal?: AbortSignal): Promise<ListPage<Label>> {
  return apiClient.list<Label>('/labels', {
    signal,
    query: {
      scope: scope.scope,
      project_id: scope.scope === 'p' ? scope.projectId : undefined,
      page,
      page_size: pageSize,
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
