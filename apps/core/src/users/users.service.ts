import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { hashPassword, PASSWORD_VERSION, passwordPolicyViolation, verifyPassword } from '@harbor-ts/auth';
import { HarborError } from '@harbor-ts/errors';
import { SessionStore } from '../auth/session.store.js';
import { CoreEvents } from '../events/core-events.js';
import {
  containsPattern,
  orderSql,
  parseQ,
  parseSort,
  SqlParams,
  whereSql,
  type QueryFields,
} from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import {
  USER_COLUMNS,
  type passwordChangeSchema,
  type userCreationSchema,
  type userProfileSchema,
  type UserRow,
} from './user.dto.js';

export const ADMIN_USER_ID = 1;

const USER_FIELDS: QueryFields = {
  user_id: { column: 'user_id', type: 'number' },
  username: { column: 'username', type: 'string' },
  email: { column: 'email', type: 'string' },
  realname: { column: 'realname', type: 'string' },
  creation_time: { column: 'creation_time', type: 'time' },
  update_time: { column: 'update_time', type: 'time' },
};

/** Local (db_auth) users. Deleted users are kept, renamed, so their names and emails are free again. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionStore,
    private readonly events: CoreEvents,
  ) {}

  async create(operator: string, input: z.output<typeof userCreationSchema>): Promise<number> {
    const violation = passwordPolicyViolation(input.password);
    if (violation) throw HarborError.badRequest(`password: ${violation}`);
    const { hash, salt } = await hashPassword(input.password);
    const rows: { user_id: number }[] = await this.uniquely(() =>
      this.dataSource.query(
        `INSERT INTO harbor_user (username, email, realname, comment, password, salt, password_version, sysadmin_flag)
         VALUES ($1, $2, $3, $4, $5, $6, $7, false) RETURNING user_id`,
        [
          input.username,
          input.email || null,
          input.realname,
          input.comment ?? '',
          hash,
          salt,
          PASSWORD_VERSION,
        ],
      ),
    );
    await this.emit(operator, 'user.created', input.username);
    return rows[0]!.user_id;
  }

  async list(
    query: { q?: string; sort?: string },
    paging: Paging,
  ): Promise<{ rows: UserRow[]; total: number }> {
    const params = new SqlParams();
    const where = `NOT deleted AND ${whereSql(parseQ(query.q, USER_FIELDS), USER_FIELDS, params)}`;
    const order = orderSql(
      parseSort(query.sort, USER_FIELDS),
      USER_FIELDS,
      'user_id DESC',
      'creation_time DESC',
    );
    return this.page(where, order, params, paging);
  }

  async search(username: string, paging: Paging): Promise<{ rows: UserRow[]; total: number }> {
    const params = new SqlParams([containsPattern(username)]);
    return this.page('NOT deleted AND username ILIKE $1', 'ORDER BY username', params, paging);
  }

  async get(userId: number): Promise<UserRow> {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT ${USER_COLUMNS} FROM harbor_user WHERE user_id = $1 AND NOT deleted`,
      [userId],
    );
    if (!rows[0]) throw HarborError.notFound(`user ${userId} not found`);
    return rows[0];
  }

  async updateProfile(
    operator: string,
    userId: number,
    profile: z.output<typeof userProfileSchema>,
  ): Promise<void> {
    const current = await this.get(userId);
    const email = profile.email === undefined ? current.email : profile.email || null;
    await this.uniquely(() =>
      this.dataSource.query(
        'UPDATE harbor_user SET email = $2, realname = $3, comment = $4, update_time = now() WHERE user_id = $1',
        [userId, email, profile.realname ?? current.realname, profile.comment ?? current.comment],
      ),
    );
    await this.emit(operator, 'user.updated', String(userId));
  }

  /** `requireOld`: callers changing their own password must prove they know it (Harbor: 403 otherwise). */
  async changePassword(
    operator: string,
    userId: number,
    change: z.output<typeof passwordChangeSchema>,
    requireOld: boolean,
  ): Promise<void> {
    const rows: { password: string; salt: string }[] = await this.dataSource.query(
      'SELECT password, salt FROM harbor_user WHERE user_id = $1 AND NOT deleted',
      [userId],
    );
    const stored = rows[0];
    if (!stored) throw HarborError.notFound(`user ${userId} not found`);
    if (requireOld && !(await verifyPassword(change.old_password ?? '', stored.password, stored.salt))) {
      throw HarborError.forbidden('the old password is not correct');
    }
    const violation = passwordPolicyViolation(change.new_password);
    if (violation) throw HarborError.badRequest(`new_password: ${violation}`);
    if (await verifyPassword(change.new_password, stored.password, stored.salt)) {
      throw HarborError.badRequest('new_password: the new password can not be the same as the old one');
    }
    const { hash, salt } = await hashPassword(change.new_password);
    await this.dataSource.query(
      'UPDATE harbor_user SET password = $2, salt = $3, password_version = $4, update_time = now() WHERE user_id = $1',
      [userId, hash, salt, PASSWORD_VERSION],
    );
    await this.emit(operator, 'user.updated', String(userId));
  }

  async setSysAdmin(operator: string, userId: number, sysadmin: boolean): Promise<void> {
    await this.get(userId);
    await this.dataSource.query(
      'UPDATE harbor_user SET sysadmin_flag = $2, update_time = now() WHERE user_id = $1',
      [userId, sysadmin],
    );
    await this.emit(operator, 'user.updated', String(userId));
  }

  /** Marks the user deleted and frees its username and email (Harbor renames them `name#id`). */
  async delete(operator: string, userId: number): Promise<void> {
    await this.get(userId);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE harbor_user SET deleted = true, username = username || '#' || user_id,
                email = CASE WHEN email IS NULL THEN NULL ELSE email || '#' || user_id END, update_time = now()
          WHERE user_id = $1`,
        [userId],
      );
      await manager.query(`DELETE FROM project_member WHERE entity_type = 'u' AND entity_id = $1`, [userId]);
      await manager.query('DELETE FROM user_group_membership WHERE user_id = $1', [userId]);
      // The provider identity is freed, so signing in again onboards a new user, as in Harbor.
      await manager.query('DELETE FROM oidc_user WHERE user_id = $1', [userId]);
    });
    await this.sessions.destroyAllOf(userId);
    await this.emit(operator, 'user.deleted', String(userId));
  }

  private emit(operator: string, type: 'user.created' | 'user.updated' | 'user.deleted', resource: string) {
    return this.events.emit({ type, operator, projectId: 0, resource });
  }

  private async page(where: string, order: string, params: SqlParams, paging: Paging) {
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM harbor_user WHERE ${where}`,
      params.values,
    )) as [{ count: number }];
    const limit = params.add(paging.pageSize);
    const offset = params.add(paging.offset);
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT ${USER_COLUMNS} FROM harbor_user WHERE ${where} ${order} LIMIT ${limit} OFFSET ${offset}`,
      params.values,
    );
    return { rows, total: count };
  }

  private async uniquely<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw HarborError.conflict('username or email already exists');
      throw error;
    }
  }
}
