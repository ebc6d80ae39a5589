import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { principalName } from '../auth/principal.js';
import { RobotNames } from '../auth/robot-names.js';
import {
  orderSql,
  parseQ,
  parseQKeywords,
  parseSort,
  SqlParams,
  whereSql,
  type QueryFields,
  type QueryValue,
} from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { INT4_MAX } from '../common/validation.js';
import { RobotPermissionsService } from './robot-permissions.service.js';
import { ROBOT_COLUMNS, toRobotResp, type RobotRow } from './robot.dto.js';

/** `name` is the stored name (`ci`, `<project>+ci`), as Harbor filters it; `Level` and `ProjectID` pick the scope. */
const ROBOT_FIELDS: QueryFields = {
  name: { column: 'name', type: 'string' },
  disabled: { column: 'disabled', type: 'boolean' },
  description: { column: 'description', type: 'string' },
  duration: { column: 'duration', type: 'number' },
  creation_time: { column: 'creation_time', type: 'time' },
  update_time: { column: 'update_time', type: 'time' },
  expires_at: { column: 'expires_at', type: 'number' },
};

/**
 * `GET /robots`, as Harbor reads it: without `Level` (or with `Level=system`) the system robots, for those
 * with system access; `Level=project,ProjectID=<id>` that project's robots, for those who may list them.
 */
@Injectable()
export class RobotListingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly permissions: RobotPermissionsService,
    private readonly names: RobotNames,
  ) {}

  async list(security: SecurityContext, query: { q?: string; sort?: string }, paging: Paging) {
    security.requireAuthenticated();
    const keywords = parseQKeywords(query.q);
    const projectId = await this.authorizedScope(security, keywords.get('Level'), keywords.get('ProjectID'));
    const params = new SqlParams([projectId]);
    const where = `project_id = $1 AND visible AND ${whereSql(parseQ(query.q, ROBOT_FIELDS), ROBOT_FIELDS, params)}`;
    const order = orderSql(parseSort(query.sort, ROBOT_FIELDS), ROBOT_FIELDS, 'id', 'name');
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM robot WHERE ${where}`,
      params.values,
    )) as [{ count: number }];
    const page = `LIMIT ${params.add(paging.pageSize)} OFFSET ${params.add(paging.offset)}`;
    const rows: RobotRow[] = await this.dataSource.query(
      `SELECT ${ROBOT_COLUMNS} FROM robot WHERE ${where} ${order} ${page}`,
      params.values,
    );
    const prefix = await this.names.prefix();
    const items = await Promise.all(
      rows.map(async (row) => toRobotResp(row, await this.permissions.load(row.id), prefix)),
    );
    return { items, total: count };
  }

  /** The project whose robots are listed (0: the system's), after Harbor's checks of `Level`/`ProjectID`. */
  private async authorizedScope(
    security: SecurityContext,
    level: QueryValue | undefined,
    project: QueryValue | undefined,
  ): Promise<number> {
    if (level && (level.kind !== 'exact' || (level.value !== 'system' && level.value !== 'project')))
      throw HarborError.badRequest('bad request error level input');
    if (level?.kind !== 'exact' || level.value !== 'project') {
      if (!(await security.canSystem('robot', 'list')))
        throw HarborError.forbidden(principalName(security.principal));
      return 0;
    }
    if (!project) throw HarborError.badRequest('must with project ID when to query project robots');
    if (
      project.kind !== 'exact' ||
      !/^\d+$/.test(project.value) ||
      Number(project.value) < 1 ||
      Number(project.value) > INT4_MAX
    )
      throw HarborError.badRequest('ProjectID must be a positive integer');
    await security.require(Number(project.value), 'robot', 'list');
    return Number(project.value);
  }
}
