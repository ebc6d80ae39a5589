/** `Basic <base64(user:password)>` split in two; undefined when it is another scheme or malformed. */
export function parseBasicAuthorization(header: string): { username: string; password: string } | undefined {
  if (!/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
