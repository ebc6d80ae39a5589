/**
 * Harbor's IsLocalPath: where the portal may be sent after signing in. Only a path on this instance:
 * no scheme, no host, not protocol-relative (`//evil.example`), no backslashes browsers read as slashes.
 */
export function isLocalPath(value: string): boolean {
  if (value === '') return true;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return false;
  try {
    return new URL(value, 'http://local.invalid').host === 'local.invalid';
  } catch {
    return false;
  }
}
