/**
 * Distinguished names, compared as LDAP servers compare them for our purposes: attribute types and
 * values case-insensitively, spaces around separators ignored, escaped characters kept.
 */

/** The RDNs of a DN, normalised; undefined when it is not a DN (`cn=a,ou=b`). */
export function parseDn(dn: string): string[] | undefined {
  const rdns: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const char = dn[i]!;
    if (char === '\\' && i + 1 < dn.length) {
      current += char + dn[++i]!;
    } else if (char === ',' || char === ';') {
      rdns.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  rdns.push(current);
  const normalised: string[] = [];
  for (const rdn of rdns) {
    const eq = rdn.indexOf('=');
    if (eq <= 0) return undefined;
    const type = rdn.slice(0, eq).trim().toLowerCase();
    const value = rdn
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (!/^[a-z][a-z0-9-]*$|^[0-9]+(\.[0-9]+)*$/.test(type) || value === '') return undefined;
    normalised.push(`${type}=${value}`);
  }
  return normalised;
}

export function isDn(dn: string): boolean {
  return parseDn(dn) !== undefined;
}

/** Whether `child` is `base` or lies below it. */
export function isUnderDn(base: string, child: string): boolean {
  const baseRdns = parseDn(base);
  const childRdns = parseDn(child);
  if (!baseRdns || !childRdns || childRdns.length < baseRdns.length) return false;
  const offset = childRdns.length - baseRdns.length;
  return baseRdns.every((rdn, i) => childRdns[offset + i] === rdn);
}

export function sameDn(a: string, b: string): boolean {
  const left = parseDn(a);
  const right = parseDn(b);
  return !!left && !!right && left.join(',') === right.join(',');
}
