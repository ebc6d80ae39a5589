import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { hashPassword, passwordPolicyViolation } from '@harbor-ts/auth';
import { HarborError } from '@harbor-ts/errors';
import { RobotNames, storedRobotName } from '../auth/robot-names.js';
import type { SecurityContext } from '../auth/security-context.js';
import { CoreEvents } from '../events/core-events.js';
import { operatorOf } from '../events/operator.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { ConfigurationService } from '../system/configuration.service.js';
import { RobotPermissionsService } from './robot-permissions.service.js';
import {
  expiresAt,
  generateRobotSecret,
  ROBOT_COLUMNS,
  type RobotCreateRequest,
  type RobotRow,
  type RobotUpdateRequest,
} from './robot.dto.js';

/** Robot accounts: the secret is generated (or given), returned once, and only its hash is kept. */
@Injectable()
export class RobotsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly permissions: RobotPermissionsService,
    private readonly configuration: ConfigurationService,
    private readonly names: RobotNames,
    private readonly events: CoreEvents,
  ) {}

  async create(security: SecurityContext, request: RobotCreateRequest) {
    const { projectId, storedName } = await this.placement(request);
    const shownName = `${await this.names.prefix()}${storedName}`;
    if (projectId === 0) {
      if (!(await security.canSystem('robot', 'create'))) throw this.refusal(security);
    } else if (!(await security.can(projectId, 'robot', 'create'))) throw this.refusal(security);
    const accesses = await this.permissions.authorize(security, request.permissions);
    const secret = this.checkedSecret(request.secret) ?? generateRobotSecret();
    const { hash, salt } = await hashPassword(secret);
    const duration =
      request.duration === 0 ? await this.configuration.get('robot_token_duration') : request.duration;
    const now = new Date();
    const creator =
      security.principal.kind === 'robot'
        ? { type: 'robot', ref: security.principal.robotId }
        : { type: 'local', ref: security.userId ?? 0 };
    let created;
    try {
      created = await this.dataSource.transaction(async (manager) => {
        const [row] = (await manager.query(
          `INSERT INTO robot (name, description, project_id, expires_at, duration, disabled, secret, salt, creator_ref, creator_type, creation_time, update_time)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
          [
            storedName,
            request.description ?? '',
            projectId,
            expiresAt(duration, now),
            duration,
            request.disable ?? false,
            hash,
            salt,
            creator.ref,
            creator.type,
            now,
          ],
        )) as [{ id: number }];
        await this.permissions.replace(manager, row.id, accesses);
        return {
          id: row.id,
          name: shownName,
          secret,
          creation_time: now.toISOString(),
          expires_at: expiresAt(duration, now),
        };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw HarborError.conflict(`robot ${shownName} already exists`);
      throw error;
    }
    // Harbor's audit entry for a new robot is a system one, whatever its level.
    await this.emit(security, 'robot.created', 0, created.name);
    return created;
  }

  async get(robotId: number): Promise<RobotRow> {
    const rows: RobotRow[] = await this.dataSource.query(`SELECT ${ROBOT_COLUMNS} FROM robot WHERE id = $1`, [
      robotId,
    ]);
    if (!rows[0]) throw HarborError.notFound(`robot ${robotId} not found`);
    return rows[0];
  }

  /** 404 first, then 401/403: the caller needs `robot:<action>` on the robot's project, or admin for system robots. */
  async authorized(security: SecurityContext, robotId: number, action: string): Promise<RobotRow> {
    const robot = await this.get(robotId);
    const allowed =
      robot.project_id === 0
        ? await security.canSystem('robot', action)
        : await security.can(robot.project_id, 'robot', action);
    if (!allowed) throw this.refusal(security);
    return robot;
  }

  async update(security: SecurityContext, robot: RobotRow, request: RobotUpdateRequest): Promise<void> {
    const level = robot.project_id === 0 ? 'system' : 'project';
    // As in Harbor, PUT sends the robot back as GET showed it: the name with its prefix.
    const shownName = `${await this.names.prefix()}${robot.name}`;
    if (request.level !== level || request.name !== shownName) {
      throw HarborError.badRequest('cannot update the level or name of robot');
    }
    const accesses = await this.permissions.authorize(security, request.permissions);
    if (robot.project_id !== 0 && accesses.some((a) => a.scope !== `/project/${robot.project_id}`)) {
      throw HarborError.badRequest(
        'permissions: a project robot can only hold permissions on its own project',
      );
    }
    const duration = request.duration ?? robot.duration;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE robot SET description = $2, disabled = $3, duration = $4, expires_at = $5, update_time = now() WHERE id = $1`,
        [
          robot.id,
          request.description ?? robot.description,
          request.disable ?? robot.disabled,
          duration,
          expiresAt(duration, robot.creation_time),
        ],
      );
      await this.permissions.replace(manager, robot.id, accesses);
    });
    await this.emit(security, 'robot.updated', robot.project_id, shownName);
  }

  /** A new secret (generated when none is given); the old one stops working at once. */
  async refreshSecret(
    security: SecurityContext,
    robotId: number,
    given: string | undefined,
  ): Promise<string> {
    const secret = this.checkedSecret(given) ?? generateRobotSecret();
    const { hash, salt } = await hashPassword(secret);
    await this.dataSource.query(
      'UPDATE robot SET secret = $2, salt = $3, update_time = now() WHERE id = $1',
      [robotId, hash, salt],
    );
    await this.emit(security, 'robot.updated', 0, String(robotId));
    return secret;
  }

  async delete(security: SecurityContext, robot: RobotRow): Promise<void> {
    const robotId = robot.id;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM role_permission WHERE role_type = 'robotaccount' AND role_id = $1`, [
        robotId,
      ]);
      await manager.query('DELETE FROM robot WHERE id = $1', [robotId]);
    });
    // The audit resource is the name as shown, with the configured prefix.
    await this.emit(security, 'robot.deleted', robot.project_id, `${await this.names.prefix()}${robot.name}`);
  }

  private emit(
    security: SecurityContext,
    type: 'robot.created' | 'robot.updated' | 'robot.deleted',
    projectId: number,
    resource: string,
  ) {
    return this.events.emit({ type, operator: operatorOf(security), projectId, resource });
  }

  /** Project robots hold exactly one permission, on their own project, and are stored as `<project>+<name>`. */
  private async placement(request: RobotCreateRequest): Promise<{ projectId: number; storedName: string }> {
    if (request.level === 'system') return { projectId: 0, storedName: storedRobotName(request.name) };
    const [permission] = request.permissions;
    if (request.permissions.length !== 1 || permission?.kind !== 'project' || permission.namespace === '*') {
      throw HarborError.badRequest(
        'permissions: a project robot needs exactly one permission of kind project on its project',
      );
    }
    const rows: { project_id: number; name: string }[] = await this.dataSource.query(
      'SELECT project_id, name FROM project WHERE name = $1 AND NOT deleted',
      [permission.namespace],
    );
    if (!rows[0]) throw HarborError.notFound(`project ${permission.namespace} not found`);
    return { projectId: rows[0].project_id, storedName: storedRobotName(request.name, rows[0].name) };
  }

  private checkedSecret(secret: string | undefined): string | undefined {
    if (!secret) return undefined;
    const violation = passwordPolicyViolation(secret);
    if (violation) throw HarborError.badRequest(`secret: ${violation}`);
    return secret;
  }

  private refusal(security: SecurityContext): HarborError {
    security.requireAuthenticated();
    return HarborError.forbidden('forbidden');
  }
}
