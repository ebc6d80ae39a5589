import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { Security } from '../auth/security.decorator.js';
import { validate } from '../common/validation.js';
import { onboardDirectoryUser } from './directory-users.js';
import { LdapDirectory } from './ldap-directory.service.js';

const ldapScope = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/** Harbor's LdapConf, as pingLdap takes it; every field optional (missing ones come from the saved settings). */
const ldapConfSchema = z
  .object({
    ldap_url: z.string().trim().max(1024).optional(),
    ldap_search_dn: z.string().trim().max(1024).optional(),
    ldap_search_password: z.string().max(1024).optional(),
    ldap_base_dn: z.string().trim().max(1024).optional(),
    ldap_filter: z.string().trim().max(1024).optional(),
    ldap_uid: z.string().trim().max(255).optional(),
    ldap_scope: ldapScope.optional(),
    ldap_connection_timeout: z.number().int().min(1).max(300).optional(),
    ldap_verify_cert: z.boolean().optional(),
  })
  .nullish();

const importSchema = z.object({ ldap_uid_list: z.array(z.string()).max(1000) });

/** Harbor's `/ldap` endpoints: test the settings, look users and groups up, import users. System admins only. */
@Controller('api/v2.0/ldap')
export class LdapController {
  constructor(
    private readonly directory: LdapDirectory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post('ping')
  @HttpCode(200)
  async pingLdap(@Security() s: SecurityContext, @Body() body: unknown) {
    await s.requireSystem('configuration', 'read');
    const conf = validate(ldapConfSchema, body) ?? {};
    return this.directory.ping({
      url: conf.ldap_url,
      searchDn: conf.ldap_search_dn,
      searchPassword: conf.ldap_search_password,
      baseDn: conf.ldap_base_dn,
      filter: conf.ldap_filter,
      uidAttribute: conf.ldap_uid || undefined,
      scope: conf.ldap_scope,
      timeoutSeconds: conf.ldap_connection_timeout,
      verifyCert: conf.ldap_verify_cert,
    });
  }

  @Get('users/search')
  async searchLdapUser(@Security() s: SecurityContext, @Query('username') username?: string) {
    await s.requireSystem('ldap-user', 'list');
    const users = await this.directory.searchUsers(username ?? '');
    return users.map(({ username: name, realname, email }) => ({ username: name, realname, email }));
  }

  /** 200 when every uid was imported; otherwise 404 with Harbor's list of failures. */
  @Post('users/import')
  @HttpCode(200)
  async importLdapUser(
    @Security() s: SecurityContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem('ldap-user', 'create');
    const failed: { uid: string; error: string }[] = [];
    for (const uid of validate(importSchema, body).ldap_uid_list) {
      const error = await this.importOne(uid);
      if (error) failed.push({ uid, error });
    }
    if (failed.length) {
      void reply.status(404);
      return failed;
    }
    return undefined;
  }

  @Get('groups/search')
  async searchLdapGroup(
    @Security() s: SecurityContext,
    @Query('groupname') groupName?: string,
    @Query('groupdn') groupDn?: string,
  ) {
    await s.requireSystem('ldap-user', 'list');
    const groups = await this.directory.searchGroups(groupName ?? '', groupDn ?? '');
    if (!groups.length)
      throw HarborError.notFound(`group name:${groupName ?? ''}, group DN:${groupDn ?? ''}`);
    return groups.map((group) => ({ group_name: group.name, ldap_group_dn: group.dn }));
  }

  /** Harbor's import of one uid; its error words are Harbor's. */
  private async importOne(uid: string): Promise<string | undefined> {
    if (uid.trim() === '') return 'empty_uid';
    let found;
    try {
      found = await this.directory.searchUsers(uid);
    } catch (error) {
      if (error instanceof HarborError) throw error;
      return 'failed_search_user';
    }
    const entry = found[0];
    if (!entry) return 'unknown_user';
    try {
      await this.dataSource.transaction((manager) =>
        onboardDirectoryUser(manager, { ...entry, username: entry.username || uid }),
      );
      return undefined;
    } catch {
      return `failed to import user: ${uid}`;
    }
  }
}
