import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import { containsPattern, SqlParams } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { isDn } from '../ldap/distinguished-name.js';
import { LdapDirectory } from '../ldap/ldap-directory.service.js';
import type { LdapGroupEntry } from '../ldap/ldap-session.js';
import { pagedQuery } from '../repositories/paged-query.js';
import {
  GROUP_TYPES,
  type GroupType,
  type UserGroupRow,
  type userGroupCreationSchema,
} from './user-group.dto.js';

const GROUP_SELECT = 'SELECT id, group_name, group_type, ldap_group_dn FROM user_group';

export interface UserGroupFilter {
  name?: string;
  type?: GroupType;
  ldapGroupDn?: string;
}

/** Harbor's user groups, and which of them a user belongs to (what their last sign-in reported). */
@Injectable()
export class UserGroupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: LdapDirectory,
  ) {}

  async list(filter: UserGroupFilter, paging: Paging) {
    const params = new SqlParams();
    const where: string[] = [];
    if (filter.name) where.push(`group_name ILIKE ${params.add(containsPattern(filter.name))}`);
    if (filter.type !== undefined) where.push(`group_type = ${params.add(filter.type)}`);
    if (filter.ldapGroupDn) where.push(`lower(ldap_group_dn) = lower(${params.add(filter.ldapGroupDn)})`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return pagedQuery<UserGroupRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM user_group ${whereSql}`,
      select: (limitOffset) => `${GROUP_SELECT} ${whereSql} ORDER BY id ${limitOffset}`,
      params,
      paging,
    });
  }

  async get(id: number): Promise<UserGroupRow> {
    const rows: UserGroupRow[] = await this.dataSource.query(`${GROUP_SELECT} WHERE id = $1`, [id]);
    if (!rows[0]) throw HarborError.notFound(`the user group with id ${id} is not found`);
    return rows[0];
  }

  /** Harbor's Create: an LDAP group must exist in the directory; duplicates are 409. */
  async create(request: z.output<typeof userGroupCreationSchema>): Promise<number> {
    const dn = request.ldap_group_dn ?? '';
    if (request.group_type === GROUP_TYPES.ldap) {
      if (!isDn(dn)) throw HarborError.badRequest(`invalid DN syntax. DN: ${dn}`);
      const [found] = await this.directory.verifiedGroups([dn]);
      if (!found) throw HarborError.badRequest(`LDAP Group DN is not found: DN:${dn}`);
    }
    try {
      const [row] = (await this.dataSource.query(
        `INSERT INTO user_group (group_name, group_type, ldap_group_dn) VALUES ($1, $2, $3) RETURNING id`,
        [request.group_name, request.group_type, request.group_type === GROUP_TYPES.ldap ? dn : ''],
      )) as [{ id: number }];
      return row.id;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw HarborError.conflict(
          `duplicate user group, group name:${request.group_name}, group type: ${request.group_type}, ldap group DN: ${dn}`,
        );
      }
      throw error;
    }
  }

  async rename(id: number, name: string): Promise<void> {
    await this.get(id);
    try {
      await this.dataSource.query(
        'UPDATE user_group SET group_name = $2, update_time = now() WHERE id = $1',
        [id, name],
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw HarborError.conflict(`duplicate user group, group name:${name}`);
      throw error;
    }
  }

  /** Deletes the group and its project memberships, as Harbor does. */
  async delete(id: number): Promise<void> {
    await this.get(id);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM project_member WHERE entity_type = 'g' AND entity_id = $1`, [id]);
      await manager.query('DELETE FROM user_group WHERE id = $1', [id]);
    });
  }

  /** Harbor's SearchUserGroups: a fuzzy name match over every type. */
  search(name: string, paging: Paging) {
    return this.list({ name }, paging);
  }

  /** Harbor's Populate for LDAP groups: the ids of these groups, created when new (by DN). */
  async ensureLdapGroups(groups: LdapGroupEntry[], manager: EntityManager = this.dataSource.manager) {
    const ids: number[] = [];
    for (const group of groups) {
      const [row] = (await manager.query(
        `INSERT INTO user_group (group_name, group_type, ldap_group_dn) VALUES ($1, 1, $2)
         ON CONFLICT (lower(ldap_group_dn)) WHERE group_type = 1 DO UPDATE SET update_time = user_group.update_time
         RETURNING id`,
        [group.name, group.dn],
      )) as [{ id: number }];
      ids.push(row.id);
    }
    return ids;
  }

  /** The ids of the named groups of one type (OIDC, HTTP), created when new. */
  async ensureNamedGroups(
    names: string[],
    type: GroupType,
    manager: EntityManager = this.dataSource.manager,
  ) {
    const ids: number[] = [];
    for (const name of new Set(names)) {
      const [row] = (await manager.query(
        `INSERT INTO user_group (group_name, group_type) VALUES ($1, $2)
         ON CONFLICT (group_name, group_type) WHERE group_type <> 1 DO UPDATE SET update_time = user_group.update_time
         RETURNING id`,
        [name, type],
      )) as [{ id: number }];
      ids.push(row.id);
    }
    return ids;
  }

  /** What a sign-in reported: the user's groups (replacing the previous ones) and whether one grants admin. */
  async recordSignIn(
    userId: number,
    groupIds: number[],
    adminRoleInAuth: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query('DELETE FROM user_group_membership WHERE user_id = $1', [userId]);
    if (groupIds.length) {
      await manager.query(
        `INSERT INTO user_group_membership (user_id, group_id)
         SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`,
        [userId, groupIds],
      );
    }
    await manager.query('UPDATE harbor_user SET admin_role_in_auth = $2 WHERE user_id = $1', [
      userId,
      adminRoleInAuth,
    ]);
  }
}
