import { apiClient, type ListPage } from '../../lib/api-client';

export interface RobotAccess {
  resource: string;
  action: string;
  effect?: string;
}

export interface RobotPermission {
  kind: 'project' | 'system';
  namespace: string;
  access: RobotAccess[];
}

/** Harbor's Robot (never carries the secret). */
export interface Robot {
  id: number;
  name: string;
  description?: string;
  level: 'system' | 'project';
  duration: number;
  disable: boolean;
  expires_at: number;
  permissions: RobotPermission[];
  creation_time?: string;
}

export interface RobotCreation {
  name: string;
  description?: string;
  level: 'system' | 'project';
  duration: number;
  permissions: RobotPermission[];
}

/** Harbor's RobotCreated: the only time the secret is told. */
export interface RobotCreated {
  id: number;
  name: string;
  secret: string;
  creation_time?: string;
  expires_at?: number;
}

/** Where robots are listed: one project's (`q=Level=project,ProjectID=<id>`) or the system's. */
export type RobotScope = { level: 'project'; projectId: number; projectName: string } | { level: 'system' };

export function robotQueryFor(scope: RobotScope): string {
  return scope.level === 'project' ? `Level=project,ProjectID=${scope.projectId}` : 'Level=system';
}

export function listRobots(scope: RobotScope, page: number, pageSize: number, signal?: AbortSignal): Promise<ListPage<Robot>> {
  return apiClient.list<Robot>('/robots', {
    signal,
    query: { q: robotQueryFor(scope), page, page_size: pageSize, sort: '-creation_time' },
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

export function refreshRobotSecret(id: number): Promise<{ secret: string }> {
  return apiClient.patch<{ secret: string }>(`/robots/${id}`, {});
}

export function deleteRobot(id: number): Promise<void> {
  return apiClient.delete(`/robots/${id}`);
}
