/** Bytes as Harbor's UI shows them: binary units, at most two decimals ("1.5 MiB"). */
export function formatBytes(bytes: number | undefined | null): string {
  if (bytes === undefined || bytes === null || !Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = unit === 0 ? String(value) : String(Math.round(value * 100) / 100);
  return `${rounded} ${units[unit]}`;
}

/** A date and time in the user's language; '—' for missing or Go's zero time. */
export function formatDateTime(iso: string | undefined | null, locale: string): string {
  if (!iso || iso.startsWith('0001-01-01')) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** `sha256:0123456789ab…` → `sha256:0123456789ab` (Harbor's UI shows the first 12 hex digits). */
export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return hex ? `${algorithm}:${hex.slice(0, 12)}` : digest.slice(0, 19);
}

export const GIB = 1024 ** 3;
export const MIB = 1024 ** 2;
