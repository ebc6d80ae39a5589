import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ProjectRole, ROBOT_PERMISSIONS } from '@harbor-ts/auth';
import { HarborError } from '@harbor-ts/errors';
import { memberIsUser } from '../auth/membership-sql.js';
import type { SecurityContext } from '../auth/security-context.js';
import { Security } from '../auth/security.decorator.js';

/**
 * Harbor's `GET /permissions`: the resource/action pairs a robot may be given, for the robot
 * dialogs. System admins see both scopes; a user who administers some project (directly or through
 * a group) sees the project scope only; everyone else, robots included, is refused.
 */
@Controller('api/v2.0/permissions')
export class PermissionsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  async getPermissions(@Security() s: SecurityContext) {
    s.requireAuthenticated();
    if (s.isSysAdmin()) return { system: ROBOT_PERMISSIONS.system, project: ROBOT_PERMISSIONS.project };
    if (s.userId !== undefined && (await this.administersAProject(s.userId))) {
      return { project: ROBOT_PERMISSIONS.project };
    }
    throw HarborError.forbidden('only admins(system and project) can access permissions');
  }

  private async administersAProject(userId: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM project_member m JOIN project p ON p.project_id = m.project_id
        WHERE NOT p.deleted AND m.role = $2 AND ${memberIsUser('m', '$1')} LIMIT 1`,
      [userId, ProjectRole.projectAdmin],
    );
    return rows.length > 0;
  }
}
