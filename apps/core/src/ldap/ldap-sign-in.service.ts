import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CredentialCache } from '../auth/credential-cache.js';
import { UserGroupsService } from '../usergroups/user-groups.service.js';
import { onboardDirectoryUser } from './directory-users.js';
import { sameDn } from './distinguished-name.js';
import { LdapDirectory } from './ldap-directory.service.js';

/**
 * Signing in with directory credentials (portal, API basic auth, docker login): the directory checks
 * the password, the user is onboarded on first sign-in, and their groups and admin-group status are
 * re-read and stored each time the directory is asked. A verified password is remembered for a minute
 * (see CredentialCache), so a CI job's many basic-auth calls bind once, not per request.
 */
@Injectable()
export class LdapSignIn {
  private readonly logger = new Logger(LdapSignIn.name);
  private readonly verified = new CredentialCache();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: LdapDirectory,
    private readonly groups: UserGroupsService,
  ) {}

  /** The signed-in user's id; undefined when the directory refused the name or password. */
  async signIn(username: string, password: string): Promise<number | undefined> {
    const account = `ldap:${username}`;
    const askDirectory = async () => {
      const userId = await this.signInAtDirectory(username, password);
      return userId === undefined ? undefined : String(userId);
    };
    let subject = await this.verified.remembered(account, password, askDirectory);
    if (subject !== undefined && !(await this.isLive(Number(subject)))) {
      // Deleted in harbor-ts since it was remembered: ask the directory again (it onboards them anew).
      this.verified.forget(account);
      subject = await this.verified.remembered(account, password, askDirectory);
    }
    if (subject === undefined) {
      this.verified.forget(account);
      return undefined;
    }
    return Number(subject);
  }

  private async signInAtDirectory(username: string, password: string): Promise<number | undefined> {
    let verdict;
    try {
      verdict = await this.directory.verify(username, password);
    } catch (error) {
      // An unreachable or misconfigured directory refuses everyone (fails closed), and says why in the log.
      this.logger.error(
        `LDAP sign-in of ${JSON.stringify(username)} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
    if (verdict.kind === 'refused') {
      this.logger.warn(`LDAP sign-in refused for ${JSON.stringify(username)}`);
      return undefined;
    }
    const { user } = verdict;
    const { groups } = await this.directory.settings();
    const admin = groups.adminDn !== '' && user.groupDns.some((dn) => sameDn(dn, groups.adminDn));
    // Harbor attaches groups only when a group filter is configured.
    const memberOf = groups.filter.trim() === '' ? [] : await this.directory.verifiedGroups(user.groupDns);
    return this.dataSource.transaction(async (manager) => {
      const userId = await onboardDirectoryUser(manager, { ...user, username: user.username || username });
      const groupIds = await this.groups.ensureLdapGroups(memberOf, manager);
      await this.groups.recordSignIn(userId, groupIds, admin, manager);
      return userId;
    });
  }

  private async isLive(userId: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM harbor_user WHERE user_id = $1 AND NOT deleted',
      [userId],
    );
    return rows.length > 0;
  }
}
