import { apiClient, type ListPage } from '../../lib/api-client';
import type { ApiModel, Override } from '../../lib/api-types';

/** Harbor's Access / RobotPermission; the portal always sends (and core returns) every field. */
export type RobotAccess = ApiModel<'Access', 'resource' | 'action'>;
export type RobotPermission = Override<
  ApiModel<'RobotPermission', 'kind' | 'namespace'>,
  { access: RobotAccess[] }
>;

/** Harbor's Robot (never carries the secret). */
export type Robot = Override<
  ApiModel<'Robot', 'id' | 'name' | 'level' | 'duration' | 'disable' | 'expires_at'>,
  { permissions: RobotPermission[] }
>;

export type RobotCreation = Override<
  ApiModel<'RobotCreate', 'name' | 'level' | 'duration'>,
  { permissions: RobotPermission[] }
>;

/** Harbor's RobotCreated: the only time the secret is told. */
export type RobotCreated = ApiModel<'RobotCreated', 'id' | 'name' | 'secret'>;

/** Where robots are listed: one project's (`q=Level=project,ProjectID=<id>`) or the system's. */
export type RobotScope = { level: 'project'; projectId: number; projectName: string } | { level: 'system' };

export function robotQueryFor(scope: RobotScope): string {
  return scope.level === 'project' ? `Level=project,ProjectID=${scope.projectId}` : 'Level=system';
}

export interface RobotListParams {
  page: number;
  pageSize: number;
  /** Harbor's sort (`name`, `-expires_at`…); newest first without one. */
  sort?: string;
}

export function listRobots(
  scope: RobotScope,
  { page, pageSize, sort }: RobotListParams,
  signal?: AbortSignal,
): Promise<ListPage<Robot>> {
  return apiClient.list<Robot>('/robots', {
    signal,
    query: { q: robotQueryFor(scope), page, page_size: pageSize, sort: sort ?? '-creation_time' },
  });
}

export function createRobot(body: RobotCreation): Promise<RobotCreated> {
  return apiClient.post<RobotCreated>('/robots', body);
}

/** Harbor's PUT takes the whole robot back; only `disable` changes here. */
export function setRobotDisabled(robot: Robot, disable: boolean): Promise<void> {
  return apiClient.put(`/robots/${robot.id}`, {
    name: robot.name,
    description: robot.description,
    level: robot.level,
    duration: robot.duration,
    disable,
    permissions: robot.permissions,
  });
}

/** Harbor's Permissions: what a robot may be given per scope (`system` only for system admins). */
export interface RobotPermissionLists {
  system?: RobotAccess[];
  project?: RobotAccess[];
}

export function getRobotPermissionLists(signal?: AbortSignal): Promise<RobotPermissionLists> {
  return apiClient.get<RobotPermissionLists>('/permissions', { signal });
}

export function refreshRobotSecret(id: number): Promise<{ secret: string }> {
  return apiClient.patch<{ secret: string }>(`/robots/${id}`, {});
}

export function deleteRobot(id: number): Promise<void> {
  return apiClient.delete(`/robots/${id}`);
}
