import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { HarborError } from '@harbor-ts/errors';
import { SecretBox } from '@harbor-ts/outbound';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { GROUP_TYPES } from '../usergroups/user-group.dto.js';
import { UserGroupsService } from '../usergroups/user-groups.service.js';
import { filterGroups, type OidcUserInfo } from './oidc-claims.js';
import type { OidcTokens } from './oidc-provider.client.js';

export interface OidcUserRow {
  id: number;
  user_id: number;
  subiss: string;
  creation_time: Date;
  update_time: Date;
}

// Harbor's IllegalCharsInUsername.
const ILLEGAL_USERNAME_CHARS = /[,"~#%$]/;

/** Harbor's oidc_user rows: provider identity, CLI secret and tokens of users onboarded through OIDC. */
@Injectable()
export class OidcUsersService {
  private readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: CoreConfig,
    private readonly groups: UserGroupsService,
  ) {
    this.box = new SecretBox(config.secrets.secretKey);
  }

  async identity(userId: number): Promise<{ userId: number; username: string }> {
    const [row] = (await this.dataSource.query('SELECT username FROM harbor_user WHERE user_id = $1', [
      userId,
    ])) as [{ username: string }];
    return { userId, username: row.username };
  }

  async bySubIss(info: OidcUserInfo): Promise<number | undefined> {
    const rows: { user_id: number }[] = await this.dataSource.query(
      `SELECT o.user_id FROM oidc_user o JOIN harbor_user u ON u.user_id = o.user_id AND NOT u.deleted WHERE o.subiss = $1`,
      [info.subject + info.issuer],
    );
    return rows[0]?.user_id;
  }

  /** Harbor's OnboardOIDCUser: the local user, its provider identity and a fresh CLI secret. */
  async onboard(
    info: OidcUserInfo,
    username: string,
    tokens: OidcTokens,
    groupFilter: string,
  ): Promise<number> {
    const name = username.replace(/ /g, '_');
    if (name.length < 1 || name.length > 255) throw HarborError.badRequest('username with illegal length');
    if (ILLEGAL_USERNAME_CHARS.test(name)) {
      throw HarborError.badRequest(`username ${name} contains illegal characters: ,"~#%$`);
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [user] = (await manager.query(
          `INSERT INTO harbor_user (username, email, realname, comment, password, salt)
           VALUES ($1, $2, $1, 'Onboarded via OIDC provider', '', '') RETURNING user_id`,
          [name, info.email || null],
        )) as [{ user_id: number }];
        await manager.query(
          `INSERT INTO oidc_user (user_id, secret, subiss, token) VALUES ($1, $2, $3, $4)`,
          [
            user.user_id,
            this.box.seal(randomBytes(24).toString('base64url')),
            info.subject + info.issuer,
            this.box.seal(JSON.stringify(tokens)),
          ],
        );
        await this.recordGroups(user.user_id, info, groupFilter, manager);
        return user.user_id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw HarborError.conflict('Conflict, the user with same username or email has been onboarded.');
      }
      throw error;
    }
  }

  /** A returning user: the new tokens, and the groups and admin status the provider reports now. */
  async signedInAgain(userId: number, info: OidcUserInfo, tokens: OidcTokens, groupFilter: string) {
    await this.dataSource.transaction(async (manager) => {
      await this.saveTokens(userId, tokens, manager);
      await this.recordGroups(userId, info, groupFilter, manager);
    });
  }

  async saveTokens(userId: number, tokens: OidcTokens, manager: EntityManager = this.dataSource.manager) {
    await manager.query('UPDATE oidc_user SET token = $2, update_time = now() WHERE user_id = $1', [
      userId,
      this.box.seal(JSON.stringify(tokens)),
    ]);
  }

  async tokens(userId: number): Promise<OidcTokens | undefined> {
    const rows: { token: string }[] = await this.dataSource.query(
      'SELECT token FROM oidc_user WHERE user_id = $1',
      [userId],
    );
    return rows[0]?.token ? (JSON.parse(this.box.open(rows[0].token)) as OidcTokens) : undefined;
  }

  /** The user's id and sealed secret, when `username` is a live OIDC user. */
  async credentials(username: string): Promise<{ userId: number; sealedSecret: string } | undefined> {
    const rows: { user_id: number; secret: string }[] = await this.dataSource.query(
      `SELECT u.user_id, o.secret FROM harbor_user u JOIN oidc_user o ON o.user_id = u.user_id
        WHERE u.username = $1 AND NOT u.deleted`,
      [username],
    );
    return rows[0] && { userId: rows[0].user_id, sealedSecret: rows[0].secret };
  }

  secretMatches(sealedSecret: string, presented: string): boolean {
    const expected = Buffer.from(this.box.open(sealedSecret));
    const actual = Buffer.from(presented);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /** Harbor's oidc_user_meta, for the user themselves: the CLI secret in clear, as Harbor's profile shows it. */
  async metaFor(userId: number) {
    const rows: (OidcUserRow & { secret: string })[] = await this.dataSource.query(
      'SELECT id, user_id, subiss, secret, creation_time, update_time FROM oidc_user WHERE user_id = $1',
      [userId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      user_id: row.user_id,
      subiss: row.subiss,
      secret: this.box.open(row.secret),
      creation_time: row.creation_time.toISOString(),
      update_time: row.update_time.toISOString(),
    };
  }

  /** setCliSecret; false when the user was not onboarded through OIDC. */
  async setSecret(userId: number, secret: string): Promise<boolean> {
    const updated: [unknown[], number] = await this.dataSource.query(
      'UPDATE oidc_user SET secret = $2, update_time = now() WHERE user_id = $1',
      [userId, this.box.seal(secret)],
    );
    return updated[1] > 0;
  }

  async recordGroups(userId: number, info: OidcUserInfo, groupFilter: string, manager: EntityManager) {
    const ids = await this.groups.ensureNamedGroups(
      filterGroups(info.groups, groupFilter),
      GROUP_TYPES.oidc,
      manager,
    );
    await this.groups.recordSignIn(userId, ids, info.adminGroupMember, manager);
  }
}
