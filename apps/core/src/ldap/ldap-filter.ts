import { escapeFilter, FilterParser } from 'ldapts';

export class LdapFilterError extends Error {}

/** Harbor's normalizeFilter: a configured filter may be written without its outer parentheses. */
export function normaliseFilter(filter: string): string {
  const trimmed = filter.trim();
  if (trimmed === '' || (trimmed.startsWith('(') && trimmed.endsWith(')'))) return trimmed;
  return `(${trimmed})`;
}

/** A configured filter, checked to parse; '' stays '' (no restriction). */
export function configuredFilter(filter: string): string {
  const normalised = normaliseFilter(filter);
  if (normalised === '') return '';
  try {
    FilterParser.parseString(normalised);
  } catch {
    throw new LdapFilterError(`invalid LDAP filter: ${filter}`);
  }
  return normalised;
}

/**
 * `(&<configured filter>(<attribute>=<value>))`. The value is escaped (RFC 4515), so what a user types,
 * `*)(uid=*` included, can only ever be compared literally; an empty value means "any" (`*`).
 */
export function andAttributeEquals(baseFilter: string, attribute: string, value: string): string {
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(attribute))
    throw new LdapFilterError(`invalid LDAP attribute: ${attribute}`);
  const match = value === '' ? `(${attribute}=*)` : `(${attribute}=${escapeFilter`${value}`})`;
  const base = configuredFilter(baseFilter);
  return base === '' ? match : `(&${base}${match})`;
}
