import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { orderSql, parseQ, parseSort, SqlParams, whereSql, type QueryFields } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { INT4_MAX } from '../common/validation.js';
import { RobotPermissionsService } from './robot-permissions.service.js';
import { ROBOT_COLUMNS, toRobotResp, type RobotRow } from './robot.dto.js';

const ROBOT_FIELDS: QueryFields = {
  name: { column: 'name', type: 'string' },
  Level: { column: `(CASE WHEN project_id = 0 THEN 'system' ELSE 'project' END)`, type: 'string' },
  ProjectID: { column: 'project_id', type: 'number' },
  disabled: { column: 'disabled', type: 'boolean' },
  creation_time: { column: 'creation_time', type: 'time' },
  update_time: { column: 'update_time', type: 'time' },
  expires_at: { column: 'expires_at', type: 'number' },
};

/** `GET /robots`: admins see all; anyone else must name one project (`q=Level=project,ProjectID=<id>`) they may list robots of. */
@Injectable()
export class RobotListingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly permissions: RobotPermissionsService,
  ) {}

  async list(security: SecurityContext, query: { q?: string; sort?: string }, paging: Paging) {
    const conditions = parseQ(query.q, ROBOT_FIELDS);
    if (!security.isSysAdmin()) {
      const project = conditions.find((c) => c.field === 'ProjectID' && c.kind === 'exact');
      security.requireAuthenticated();
      if (!project || project.kind !== 'exact')
        throw HarborError.forbidden('only system admin can list robots of every project');
      if (!/^\d+$/.test(project.value) || Number(project.value) > INT4_MAX)
        throw HarborError.badRequest('q: ProjectID must be a number');
      await security.require(Number(project.value), 'robot', 'list');
    }
    const params = new SqlParams();
    const where = whereSql(conditions, ROBOT_FIELDS, params);
    const order = orderSql(
      parseSort(query.sort, ROBOT_FIELDS),
      ROBOT_FIELDS,
      'id DESC',
      'creation_time DESC',
    );
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM robot WHERE ${where}`,
      params.values,
    )) as [{ count: number }];
    const page = `LIMIT ${params.add(paging.pageSize)} OFFSET ${params.add(paging.offset)}`;
    const rows: RobotRow[] = await this.dataSource.query(
      `SELECT ${ROBOT_COLUMNS} FROM robot WHERE ${where} ${order} ${page}`,
      params.values,
    );
    const items = await Promise.all(
      rows.map(async (row) => toRobotResp(row, await this.permissions.load(row.id))),
    );
    return { items, total: count };
  }
}
