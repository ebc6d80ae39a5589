import { robotMayHold } from '@harbor-ts/auth';
import { HarborError } from '@harbor-ts/errors';
import type { RobotPermissionRequest } from './robot.dto.js';

/**
 * Harbor's robot validation of what is asked for, before any access check: every permission names
 * at least one access, and each resource:action is on Harbor's list for its kind (what
 * `GET /permissions` answers), so a project permission cannot carry e.g. `registry:read`.
 */
export function checkRobotPermissionScope(permissions: RobotPermissionRequest[]): void {
  for (const permission of permissions) {
    if (permission.access.length === 0) throw HarborError.badRequest('bad request empty access');
    for (const { resource, action } of permission.access) {
      if (!robotMayHold(permission.kind, resource, action)) {
        throw HarborError.badRequest(`bad request permission: ${resource}:${action}`);
      }
    }
  }
}
