import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel } from '../../lib/api-types';

export type Project = ApiModel<'Project', 'project_id' | 'name'>;

export interface QuotaValues {
  storage?: number;
}

export type ProjectSummary = ApiModel<'ProjectSummary'>;

export type ProjectSort = 'name' | '-name' | 'creation_time' | '-creation_time';

export interface ProjectListParams {
  page: number;
  pageSize: number;
  name?: string;
  sort?: ProjectSort;
}

export interface ProjectCreation {
  project_name: string;
  public: boolean;
  /** Bytes; -1 for unlimited. */
  storage_limit: number;
  /** A proxy-cache project: the upstream registry (endpoint) it pulls through. */
  registry_id?: number;
  metadata?: { proxy_speed_kb?: string };
}

/** Harbor marks a proxy-cache project by its `registry_id`. */
export function isProxyCache(project: Pick<Project, 'registry_id'>): boolean {
  return (project.registry_id ?? 0) > 0;
}

/** Harbor's project name rule (lowercase letters and digits separated by single . _ -). */
export const PROJECT_NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function isPublic(project: Pick<Project, 'metadata'>): boolean {
  return project.metadata?.public === 'true';
}

export function listProjects(params: ProjectListParams, signal?: AbortSignal): Promise<ListPage<Project>> {
  return apiClient.list<Project>('/projects', {
    signal,
    query: {
      page: params.page,
      page_size: params.pageSize,
      // `name` is Harbor's fuzzy name filter (the same as q=name=~value).
      name: params.name || undefined,
      sort: params.sort,
      with_detail: true,
    },
  });
}

export function getProject(id: string, signal?: AbortSignal): Promise<Project> {
  return apiClient.get<Project>(`/projects/${encodeURIComponent(id)}`, { signal });
}

export function getProjectSummary(id: string, signal?: AbortSignal): Promise<ProjectSummary> {
  return apiClient.get<ProjectSummary>(`/projects/${encodeURIComponent(id)}/summary`, { signal });
}

export function createProject(body: ProjectCreation): Promise<void> {
  return apiClient.post('/projects', {
    ...body,
    metadata: { ...body.metadata, public: String(body.public) },
  });
}
