import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import type { RobotPermissionRequest, RobotPermissionResp } from './robot.dto.js';

export interface ScopedAccess {
  scope: string;
  resource: string;
  action: string;
}

/**
 * A robot's permissions, stored as Harbor does (permission_policy + role_permission), and the rule
 * that a caller can only hand out what it may do itself, checked on every create and update.
 */
@Injectable()
export class RobotPermissionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Resolves namespaces to scopes and refuses (403) any access the caller lacks. */
  async authorize(security: SecurityContext, permissions: RobotPermissionRequest[]): Promise<ScopedAccess[]> {
    const result: ScopedAccess[] = [];
    for (const permission of permissions) {
      const scope = await this.scopeOf(permission);
      for (const { resource, action } of permission.access) {
        const allowed =
          scope === '/system' || scope === '/project/*'
            ? await security.canSystem(resource, action).then((ok) => ok || security.isSysAdmin())
            : await security.can(Number(scope.slice('/project/'.length)), resource, action);
        if (!allowed) {
          security.requireAuthenticated();
          throw HarborError.forbidden(
            `can not grant ${resource}:${action} on ${permission.namespace}: the creator lacks it`,
          );
        }
        result.push({ scope, resource, action });
      }
    }
    return result;
  }

  async replace(manager: EntityManager, robotId: number, accesses: ScopedAccess[]): Promise<void> {
    await manager.query(`DELETE FROM role_permission WHERE role_type = 'robotaccount' AND role_id = $1`, [
      robotId,
    ]);
    for (const access of accesses) {
      await manager.query(
        `INSERT INTO permission_policy (scope, resource, action, effect) VALUES ($1, $2, $3, 'allow')
         ON CONFLICT (scope, resource, action, effect) DO NOTHING`,
        [access.scope, access.resource, access.action],
      );
      await manager.query(
        `INSERT INTO role_permission (role_type, role_id, permission_policy_id)
         SELECT 'robotaccount', $1, id FROM permission_policy
          WHERE scope = $2 AND resource = $3 AND action = $4 AND effect = 'allow'
         ON CONFLICT DO NOTHING`,
        [robotId, access.scope, access.resource, access.action],
      );
    }
  }

  /** Stored grants back in the API's shape: `{kind, namespace, access}` per scope. */
  async load(robotId: number): Promise<RobotPermissionResp[]> {
    const rows: { scope: string; resource: string; action: string; project: string | null }[] =
      await this.dataSource.query(
        `SELECT pp.scope, pp.resource, pp.action, p.name AS project
         FROM role_permission rp JOIN permission_policy pp ON pp.id = rp.permission_policy_id
         LEFT JOIN project p ON pp.scope = '/project/' || p.project_id
        WHERE rp.role_type = 'robotaccount' AND rp.role_id = $1 ORDER BY pp.scope, pp.resource, pp.action`,
        [robotId],
      );
    const byScope = new Map<string, RobotPermissionResp>();
    for (const row of rows) {
      let permission = byScope.get(row.scope);
      if (!permission) {
        const system = row.scope === '/system';
        const namespace = system ? '/' : row.scope === '/project/*' ? '*' : (row.project ?? row.scope);
        permission = { kind: system ? 'system' : 'project', namespace, access: [] };
        byScope.set(row.scope, permission);
      }
      permission.access.push({ resource: row.resource, action: row.action, effect: 'allow' });
    }
    return [...byScope.values()];
  }

  private async scopeOf(permission: RobotPermissionRequest): Promise<string> {
    if (permission.kind === 'system') return '/system';
    if (permission.namespace === '*') return '/project/*';
    const rows: { project_id: number }[] = await this.dataSource.query(
      'SELECT project_id FROM project WHERE name = $1 AND NOT deleted',
      [permission.namespace],
    );
    if (!rows[0]) throw HarborError.notFound(`project ${permission.namespace} not found`);
    return `/project/${rows[0].project_id}`;
  }
}
