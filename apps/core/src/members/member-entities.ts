import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import { onboardDirectoryUser } from '../ldap/directory-users.js';
import { LdapDirectory } from '../ldap/ldap-directory.service.js';
import { ConfigurationService } from '../system/configuration.service.js';
import { GROUP_TYPES } from '../usergroups/user-group.dto.js';
import { UserGroupsService } from '../usergroups/user-groups.service.js';
import type { memberCreationSchema } from './members.service.js';

export interface MemberEntity {
  id: number;
  type: 'u' | 'g';
}

/**
 * Who a new project member is, in Harbor's order: user id, group id, username, LDAP group DN, group
 * name. A user or group that is in the directory but not yet in harbor-ts is onboarded (LDAP mode);
 * in OIDC mode a group named for the first time is created, as Harbor's OIDC OnBoardGroup does.
 */
@Injectable()
export class MemberEntities {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly configuration: ConfigurationService,
    private readonly directory: LdapDirectory,
    private readonly groups: UserGroupsService,
  ) {}

  async resolve(request: z.output<typeof memberCreationSchema>): Promise<MemberEntity> {
    const user = request.member_user ?? {};
    const group = request.member_group ?? {};
    if (user.user_id) return { id: await this.userById(user.user_id), type: 'u' };
    if (group.id) return { id: (await this.groupById(group.id)).id, type: 'g' };
    if (user.username) return { id: await this.userByName(user.username), type: 'u' };
    if (group.ldap_group_dn)
      return { id: await this.ldapGroup(group.ldap_group_dn, group.group_name), type: 'g' };
    if (group.group_name) return { id: await this.namedGroup(group.group_name, group.group_type), type: 'g' };
    throw HarborError.badRequest('at least one of member_user or member_group must be provided');
  }

  private async userById(userId: number): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM harbor_user WHERE user_id = $1 AND NOT deleted',
      [userId],
    );
    if (!rows.length) throw HarborError.badRequest(`User ${userId} not found`);
    return userId;
  }

  private async groupById(groupId: number) {
    try {
      return await this.groups.get(groupId);
    } catch {
      throw HarborError.badRequest(`Group ${groupId} not found`);
    }
  }

  private async userByName(username: string): Promise<number> {
    const rows: { user_id: number }[] = await this.dataSource.query(
      'SELECT user_id FROM harbor_user WHERE username = $1 AND NOT deleted',
      [username],
    );
    if (rows[0]) return rows[0].user_id;
    if ((await this.configuration.get('auth_mode')) !== 'ldap_auth') {
      throw HarborError.notFound(`member_user: user ${username} not found`);
    }
    const [entry] = await this.directory.searchUsers(username);
    if (!entry) throw HarborError.notFound(`member_user: user ${username} not found`);
    return this.dataSource.transaction((manager) =>
      onboardDirectoryUser(manager, { ...entry, username: entry.username || username }),
    );
  }

  private async ldapGroup(dn: string, alternativeName: string | undefined): Promise<number> {
    const known = await this.groups.list(
      { type: GROUP_TYPES.ldap, ldapGroupDn: dn },
      { page: 1, pageSize: 1, offset: 0 },
    );
    if (known.items[0]) return known.items[0].id;
    const [found] = await this.directory.verifiedGroups([dn]);
    if (!found) throw HarborError.notFound(`LDAP group ${dn} not found`);
    const [id] = await this.groups.ensureLdapGroups([{ dn, name: alternativeName || found.name }]);
    return id!;
  }

  private async namedGroup(name: string, type: number | undefined): Promise<number> {
    const rows: { id: number }[] = await this.dataSource.query(
      'SELECT id FROM user_group WHERE group_name = $1 AND ($2::int IS NULL OR group_type = $2) ORDER BY id LIMIT 1',
      [name, type ?? null],
    );
    if (rows[0]) return rows[0].id;
    if ((await this.configuration.get('auth_mode')) === 'oidc_auth') {
      const [id] = await this.groups.ensureNamedGroups([name], GROUP_TYPES.oidc);
      return id!;
    }
    throw HarborError.notFound(`group ${name} not found`);
  }
}
