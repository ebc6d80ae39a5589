import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isForbiddenAddress } from '@harbor-ts/outbound';

export class LdapUrlError extends Error {}

/**
 * Harbor's formatURL: `host`, `host:port`, `ldap://host[:port]` or `ldaps://host[:port]`; port 636 means
 * ldaps, and the default ports are added. Anything else (another scheme, a path, credentials) is refused.
 */
export function normaliseLdapUrl(raw: string): { url: string; host: string; secure: boolean } {
  const trimmed = raw.trim();
  if (trimmed === '') throw new LdapUrlError('the LDAP URL is empty');
  const withScheme = trimmed.includes('://') ? trimmed : `ldap://${trimmed}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw new LdapUrlError(`invalid LDAP URL: ${raw}`);
  }
  let protocol = parsed.protocol.slice(0, -1);
  if (protocol !== 'ldap' && protocol !== 'ldaps') throw new LdapUrlError(`unknown LDAP protocol in ${raw}`);
  if (
    parsed.username ||
    parsed.password ||
    (parsed.pathname !== '' && parsed.pathname !== '/') ||
    parsed.search
  ) {
    throw new LdapUrlError(`an LDAP URL holds only a scheme, a host and a port: ${raw}`);
  }
  if (parsed.port === '636') protocol = 'ldaps';
  const port = parsed.port || (protocol === 'ldaps' ? '636' : '389');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return { url: `${protocol}://${parsed.hostname}:${port}`, host, secure: protocol === 'ldaps' };
}

/** Refuses hosts that are or resolve to link-local (cloud metadata), multicast or unspecified addresses. */
export async function assertLdapHostAllowed(host: string): Promise<void> {
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  const forbidden = addresses.find(isForbiddenAddress);
  if (forbidden)
    throw new LdapUrlError(`the LDAP host ${host} resolves to a forbidden address (${forbidden})`);
}
