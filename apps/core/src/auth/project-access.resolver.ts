import { preparedQuery } from '../common/prepared-query.js';
import { memberIsUser } from './membership-sql.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface ProjectAccessFacts {
  projectId: number;
  name: string;
  isPublic: boolean;
}

export interface RobotGrant {
  scope: string;
  resource: string;
  action: string;
}

/** The database facts RBAC decisions need; kept apart so SecurityContext stays pure logic. */
@Injectable()
export class ProjectAccessResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A live project by id or by name, with whether it is public. */
  async project(ref: number | string): Promise<ProjectAccessFacts | undefined> {
    const byId = typeof ref === 'number';
    // Prepared (two texts), on the pool itself: this runs for nearly every project-scoped request, where
    // TypeORM's per-query runner and the parse cost about as much as the lookup.
    const rows = await preparedQuery<{ project_id: number; name: string; public: string | null }>(
      this.dataSource,
      `SELECT p.project_id, p.name, m.value AS public
         FROM project p LEFT JOIN project_metadata m ON m.project_id = p.project_id AND m.name = 'public'
        WHERE ${byId ? 'p.project_id = $1' : 'p.name = $1'} AND NOT p.deleted`,
      [ref],
    );
    const row = rows[0];
    return row && { projectId: row.project_id, name: row.name, isPublic: row.public === 'true' };
  }

  /** The user's roles in a project: their own membership's and their groups'. */
  async userRoles(userId: number, projectId: number): Promise<number[]> {
    const rows = await preparedQuery<{ role: number }>(
      this.dataSource,
      `SELECT m.role FROM project_member m WHERE m.project_id = $1 AND ${memberIsUser('m', '$2')}`,
      [projectId, userId],
    );
    return rows.map((row) => row.role);
  }

  /** A robot's stored permissions; scope is `/project/<id>`, `/project/*`, `/system`, or a scan robot's `/project/<id>/repository/<name>`. */
  async robotGrants(robotId: number): Promise<RobotGrant[]> {
    return this.dataSource.query(
      `SELECT pp.scope, pp.resource, pp.action
         FROM role_permission rp JOIN permission_policy pp ON pp.id = rp.permission_policy_id
        WHERE rp.role_type = 'robotaccount' AND rp.role_id = $1 AND pp.effect = 'allow'`,
      [robotId],
    );
  }
}
