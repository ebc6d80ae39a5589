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
import { MemberEntities } from './member-entities.js';

const roleId = z.number().int().min(1).max(5);

/** Harbor's ProjectMember: a user by id or name, or a group by id, LDAP DN or name. */
export const memberCreationSchema = z.object({
  role_id: roleId,
  member_user: z
    .object({
      user_id: z.number().int().positive().max(INT4_MAX).optional(),
      username: z.string().min(1).optional(),
    })
    .optional(),
  member_group: z
    .object({
      id: z.number().int().min(0).max(INT4_MAX).optional(),
      group_name: z.string().trim().max(255).optional(),
      group_type: z.number().int().optional(),
      ldap_group_dn: z.string().trim().max(512).optional(),
    })
    .optional(),
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

const ENTITY_NAME = 'COALESCE(u.username, g.group_name)';
const MEMBER_SELECT = `
  SELECT m.id, m.project_id, m.entity_id, m.entity_type, ${ENTITY_NAME} AS entity_name, m.role AS role_id, r.name AS role_name
    FROM project_member m
    LEFT JOIN harbor_user u ON m.entity_type = 'u' AND u.user_id = m.entity_id
    LEFT JOIN user_group g ON m.entity_type = 'g' AND g.id = m.entity_id
    JOIN role r ON r.role_id = m.role`;
// Rows whose user or group is gone are not members any more.
const LIVE_MEMBER = '(u.user_id IS NOT NULL OR g.id IS NOT NULL)';

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
    private readonly entities: MemberEntities,
  ) {}

  async list(projectId: number, entityName: string | undefined, paging: Paging) {
    const params = new SqlParams([projectId]);
    let where = `m.project_id = $1 AND ${LIVE_MEMBER}`;
    if (entityName) where += ` AND ${ENTITY_NAME} ILIKE ${params.add(containsPattern(entityName))}`;
    const { items, total } = await pagedQuery<MemberRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM (${MEMBER_SELECT} WHERE ${where}) counted`,
      select: (limitOffset) => `${MEMBER_SELECT} WHERE ${where} ORDER BY m.id ${limitOffset}`,
      params,
      paging,
      prepared: true, // two shapes (with and without entityname), the name a parameter
    });
    return { items: items.map(toMemberEntity), total };
  }

  async get(projectId: number, memberId: number) {
    const rows: MemberRow[] = await this.dataSource.query(
      `${MEMBER_SELECT} WHERE m.project_id = $1 AND m.id = $2 AND ${LIVE_MEMBER}`,
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
    const entity = await this.entities.resolve(request);
    let memberId: number;
    try {
      const [row] = (await this.dataSource.query(
        `INSERT INTO project_member (project_id, entity_id, entity_type, role) VALUES ($1, $2, $3, $4) RETURNING id`,
        [projectId, entity.id, entity.type, request.role_id],
      )) as [{ id: number }];
      memberId = row.id;
    } catch (error) {
      if (isUniqueViolation(error)) throw HarborError.conflict('The project member specified already exist');
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
