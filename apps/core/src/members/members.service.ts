import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import { containsPattern, SqlParams } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import type { SecurityContext } from '../auth/security-context.js';
import { CoreEvents } from '../events/core-events.js';
import { operatorOf } from '../events/operator.js';
import { pagedQuery } from '../repositories/paged-query.js';
import { INT4_MAX } from '../common/validation.js';

const roleId = z.number().int().min(1).max(5);

/** ProjectMember: a user by id or name; groups are not supported. */
export const memberCreationSchema = z.object({
  role_id: roleId,
  member_user: z
    .object({
      user_id: z.number().int().positive().max(INT4_MAX).optional(),
      username: z.string().min(1).optional(),
    })
    .optional(),
  member_group: z.unknown().optional(),
});
export const roleRequestSchema = z.object({ role_id: roleId });

interface MemberRow {
  id: number;
  project_id: number;
  entity_id: number;
  entity_type: string;
  entity_name: string;
  role_id: number;
  role_name: string;
}

const MEMBER_SELECT = `
  SELECT m.id, m.project_id, m.entity_id, m.entity_type, u.username AS entity_name, m.role AS role_id, r.name AS role_name
    FROM project_member m JOIN harbor_user u ON u.user_id = m.entity_id AND m.entity_type = 'u'
    JOIN role r ON r.role_id = m.role`;

/** Harbor's ProjectMemberEntity. */
function toMemberEntity(row: MemberRow) {
  return { ...row, entity_type: row.entity_type.trim() };
}

/** Project members. Every member id is looked up together with its project, so ids of another project are 404. */
@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CoreEvents,
  ) {}

  async list(projectId: number, entityName: string | undefined, paging: Paging) {
    const params = new SqlParams([projectId]);
    let where = 'm.project_id = $1';
    if (entityName) where += ` AND u.username ILIKE ${params.add(containsPattern(entityName))}`;
    const { items, total } = await pagedQuery<MemberRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM (${MEMBER_SELECT} WHERE ${where}) counted`,
      select: (limitOffset) => `${MEMBER_SELECT} WHERE ${where} ORDER BY m.id ${limitOffset}`,
      params,
      paging,
    });
    return { items: items.map(toMemberEntity), total };
  }

  async get(projectId: number, memberId: number) {
    const rows: MemberRow[] = await this.dataSource.query(
      `${MEMBER_SELECT} WHERE m.project_id = $1 AND m.id = $2`,
      [projectId, memberId],
    );
    if (!rows[0]) throw HarborError.notFound(`member ${memberId} not found in project ${projectId}`);
    return toMemberEntity(rows[0]);
  }

  async create(
    security: SecurityContext,
    projectId: number,
    request: z.output<typeof memberCreationSchema>,
  ): Promise<number> {
    if (request.member_group !== undefined)
      throw HarborError.badRequest('member_group: user groups are not supported');
    const user = request.member_user;
    if (!user || (user.user_id === undefined && user.username === undefined)) {
      throw HarborError.badRequest('member_user: user_id or username is required');
    }
    const users: { user_id: number }[] = await this.dataSource.query(
      'SELECT user_id FROM harbor_user WHERE NOT deleted AND (user_id = $1 OR username = $2)',
      [user.user_id ?? null, user.username ?? null],
    );
    if (users.length !== 1) throw HarborError.notFound('member_user: user not found');
    let memberId: number;
    try {
      const [row] = (await this.dataSource.query(
        `INSERT INTO project_member (project_id, entity_id, entity_type, role) VALUES ($1, $2, 'u', $3) RETURNING id`,
        [projectId, users[0]!.user_id, request.role_id],
      )) as [{ id: number }];
      memberId = row.id;
    } catch (error) {
      if (isUniqueViolation(error)) throw HarborError.conflict('the user is already a member of the project');
      throw error;
    }
    await this.emit(security, 'member.created', projectId, memberId);
    return memberId;
  }

  async updateRole(
    security: SecurityContext,
    projectId: number,
    memberId: number,
    role: number,
  ): Promise<void> {
    await this.get(projectId, memberId);
    await this.dataSource.query(
      'UPDATE project_member SET role = $3, update_time = now() WHERE project_id = $1 AND id = $2',
      [projectId, memberId, role],
    );
    await this.emit(security, 'member.updated', projectId, memberId);
  }

  async delete(security: SecurityContext, projectId: number, memberId: number): Promise<void> {
    await this.get(projectId, memberId);
    await this.dataSource.query('DELETE FROM project_member WHERE project_id = $1 AND id = $2', [
      projectId,
      memberId,
    ]);
    await this.emit(security, 'member.deleted', projectId, memberId);
  }

  private emit(
    security: SecurityContext,
    type: 'member.created' | 'member.updated' | 'member.deleted',
    projectId: number,
    memberId: number,
  ) {
    return this.events.emit({ type, operator: operatorOf(security), projectId, resource: String(memberId) });
  }
}
