import { Client, type Entry } from 'ldapts';
import { andAttributeEquals } from './ldap-filter.js';
import { isDn, isUnderDn } from './distinguished-name.js';
import { LDAP_SCOPE_NAMES, type LdapSettings } from './ldap-settings.js';
import { assertLdapHostAllowed, normaliseLdapUrl } from './ldap-url.js';

/** A directory entry for a user, as Harbor's `model.User`. */
export interface LdapUserEntry {
  dn: string;
  username: string;
  realname: string;
  email: string;
  groupDns: string[];
}

export interface LdapGroupEntry {
  dn: string;
  name: string;
}

const PAGE_SIZE = 1000;

/**
 * One connection to the directory: opened, used for a few searches and binds, closed. Searches bind
 * as the search DN first, as Harbor's do, because a user bind on the same connection changes who
 * is searching.
 */
export class LdapSession {
  private constructor(
    private readonly client: Client,
    private readonly settings: LdapSettings,
  ) {}

  static async open(settings: LdapSettings): Promise<LdapSession> {
    const { url, host, secure } = normaliseLdapUrl(settings.connection.url);
    await assertLdapHostAllowed(host);
    const timeout = settings.connection.timeoutSeconds * 1000;
    const client = new Client({
      url,
      timeout,
      connectTimeout: timeout,
      ...(secure
        ? { tlsOptions: { rejectUnauthorized: settings.connection.verifyCert, servername: host } }
        : {}),
    });
    return new LdapSession(client, settings);
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => undefined);
  }

  bind(dn: string, password: string): Promise<void> {
    return this.client.bind(dn, password);
  }

  bindAsSearcher(): Promise<void> {
    const { searchDn, searchPassword } = this.settings.connection;
    return this.client.bind(searchDn, searchPassword);
  }

  /** Users whose uid attribute equals `username` (any user when it is empty), within the configured filter. */
  async searchUsers(username: string): Promise<LdapUserEntry[]> {
    const { connection, groups } = this.settings;
    const uid = connection.uidAttribute;
    const membership = groups.membershipAttribute;
    const filter = andAttributeEquals(connection.filter, uid, username.trim());
    const entries = await this.search(connection.baseDn, connection.scope, filter, [
      ...new Set(['uid', 'cn', 'mail', 'email', uid, membership]),
    ]);
    return entries.map((entry) => ({
      dn: entry.dn,
      username: first(attribute(entry, uid)),
      // Harbor takes cn, else uid, as the real name.
      realname: first(attribute(entry, 'cn')) || first(attribute(entry, 'uid')),
      email: first(attribute(entry, 'mail')) || first(attribute(entry, 'email')),
      groupDns: attribute(entry, membership).map((dn) => dn.trim()),
    }));
  }

  /** The group at `dn`, when it lies under the group base DN and matches the group filter. */
  async groupByDn(dn: string): Promise<LdapGroupEntry | undefined> {
    if (!isDn(dn) || !isUnderDn(this.groupBaseDn(), dn)) return undefined;
    const { filter, nameAttribute } = this.settings.groups;
    try {
      const [entry] = await this.search(dn, 0, andAttributeEquals(filter, nameAttribute, ''), [
        nameAttribute,
      ]);
      return entry && { dn: entry.dn, name: first(attribute(entry, nameAttribute)) || entry.dn };
    } catch (error) {
      if (error instanceof Error && error.name === 'NoSuchObjectError') return undefined;
      throw error;
    }
  }

  /** Groups under the group base DN whose name attribute equals `name`. */
  async groupsByName(name: string): Promise<LdapGroupEntry[]> {
    const { filter, nameAttribute, scope } = this.settings.groups;
    const entries = await this.search(
      this.groupBaseDn(),
      scope,
      andAttributeEquals(filter, nameAttribute, name),
      [nameAttribute],
    );
    return entries.map((entry) => ({
      dn: entry.dn,
      name: first(attribute(entry, nameAttribute)) || entry.dn,
    }));
  }

  private groupBaseDn(): string {
    return this.settings.groups.baseDn || this.settings.connection.baseDn;
  }

  private async search(
    base: string,
    scope: 0 | 1 | 2,
    filter: string,
    attributes: string[],
  ): Promise<Entry[]> {
    await this.bindAsSearcher();
    const { searchEntries } = await this.client.search(base, {
      scope: LDAP_SCOPE_NAMES[scope],
      filter,
      attributes,
      paged: { pageSize: PAGE_SIZE },
    });
    return searchEntries;
  }
}

/** An attribute's values, whatever the case of its name in the entry (AD answers `memberOf`). */
function attribute(entry: Entry, name: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
}

function first(values: string[]): string {
  return (values[0] ?? '').trim();
}
