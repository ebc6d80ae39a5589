import { Injectable, Logger } from '@nestjs/common';
import { HarborError } from '@harbor-ts/errors';
import { ConfigurationService } from '../system/configuration.service.js';
import { isDn } from './distinguished-name.js';
import { LdapFilterError } from './ldap-filter.js';
import { LdapSession, type LdapGroupEntry, type LdapUserEntry } from './ldap-session.js';
import { savedLdapSettings, type LdapConnectionSettings, type LdapSettings } from './ldap-settings.js';
import { LdapUrlError } from './ldap-url.js';

export interface LdapPingResult {
  success: boolean;
  message?: string;
}

/** What a directory sign-in found: the user's entry, once their password bound. */
export type DirectoryVerdict = { kind: 'accepted'; user: LdapUserEntry } | { kind: 'refused' };

/** The company directory, through the saved LDAP settings: Harbor's ldap controller and session. */
@Injectable()
export class LdapDirectory {
  private readonly logger = new Logger(LdapDirectory.name);

  constructor(private readonly configuration: ConfigurationService) {}

  /**
   * Harbor's pingLdap: connect and bind as the search DN. A missing password is taken from the saved
   * settings (the portal never has it). Failures are a result, not an error.
   */
  async ping(overrides: Partial<LdapConnectionSettings>): Promise<LdapPingResult> {
    const saved = await savedLdapSettings(this.configuration);
    const connection = { ...saved.connection, ...definedOnly(overrides) };
    if (!overrides.searchPassword) connection.searchPassword = saved.connection.searchPassword;
    if (connection.searchDn === '') return { success: false, message: 'error: empty search dn' };
    if (connection.searchPassword === '') return { success: false, message: 'error: empty password' };
    try {
      await this.withSession({ ...saved, connection }, (session) => session.bindAsSearcher());
      return { success: true };
    } catch (error) {
      return { success: false, message: `error: ${pingFailure(error)}` };
    }
  }

  searchUsers(username: string): Promise<LdapUserEntry[]> {
    return this.withSavedSession((session) => session.searchUsers(username));
  }

  /** Harbor's searchLdapGroup: by name under the group base DN, else the one group at a DN. */
  searchGroups(name: string, dn: string): Promise<LdapGroupEntry[]> {
    if (name === '' && dn !== '' && !isDn(dn)) throw HarborError.badRequest(`invalid DN: ${dn}`);
    return this.withSavedSession(async (session) => {
      if (name !== '') return session.groupsByName(name);
      if (dn !== '') return [await session.groupByDn(dn)].filter((g): g is LdapGroupEntry => g !== undefined);
      return [];
    });
  }

  /**
   * Harbor's LDAP authentication: exactly one entry for the name, then a bind with its DN and the
   * password. An empty password is refused before any bind: LDAP treats it as an anonymous bind that
   * "succeeds". Directory errors other than a refused bind are thrown, never taken as a yes.
   */
  async verify(username: string, password: string): Promise<DirectoryVerdict> {
    if (username.trim() === '' || password === '') return { kind: 'refused' };
    return this.withSavedSession(async (session) => {
      const users = await session.searchUsers(username);
      if (users.length !== 1) {
        this.logger.warn(`LDAP sign-in of ${JSON.stringify(username)}: ${users.length} entries found`);
        return { kind: 'refused' } as const;
      }
      const user = users[0]!;
      try {
        await session.bind(user.dn, password);
      } catch (error) {
        if (isInvalidCredentials(error)) return { kind: 'refused' } as const;
        throw error;
      }
      return { kind: 'accepted', user } as const;
    });
  }

  /** The groups among `dns` that exist under the group base DN and match the group filter. */
  verifiedGroups(dns: string[]): Promise<LdapGroupEntry[]> {
    return this.withSavedSession(async (session) => {
      const found: LdapGroupEntry[] = [];
      for (const dn of dns) {
        const group = await session.groupByDn(dn);
        if (group) found.push({ ...group, dn });
      }
      return found;
    });
  }

  settings(): Promise<LdapSettings> {
    return savedLdapSettings(this.configuration);
  }

  private async withSavedSession<T>(work: (session: LdapSession) => Promise<T>): Promise<T> {
    return this.withSession(await savedLdapSettings(this.configuration), work);
  }

  private async withSession<T>(
    settings: LdapSettings,
    work: (session: LdapSession) => Promise<T>,
  ): Promise<T> {
    let session: LdapSession;
    try {
      session = await LdapSession.open(settings);
    } catch (error) {
      if (error instanceof LdapUrlError) throw HarborError.badRequest(error.message);
      throw error;
    }
    try {
      return await work(session);
    } catch (error) {
      if (error instanceof LdapFilterError) throw HarborError.badRequest(error.message);
      throw error;
    } finally {
      await session.close();
    }
  }
}

export function isInvalidCredentials(error: unknown): boolean {
  return error instanceof Error && error.name === 'InvalidCredentialsError';
}

/** Harbor's ping messages. */
function pingFailure(error: unknown): string {
  if (error instanceof HarborError) return error.message;
  if (isInvalidCredentials(error)) return 'invalid credential';
  const text = error instanceof Error ? error.message : String(error);
  if (/timeout|timed out|ETIMEDOUT/i.test(text)) return 'ldap server network timeout';
  return `fail to ping LDAP server (${text})`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
