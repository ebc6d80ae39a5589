/**
 * Harbor's `q` condition `field=~value` (a case-insensitive substring match). Harbor URL-decodes `q` a
 * second time, so the value is encoded here once more: a typed `+` or `%` stays what it was.
 * (A `,` cannot be searched for: Harbor splits `q` on commas after decoding.)
 */
export function fuzzyQuery(field: string, value: string): string {
  return `${field}=~${encodeURIComponent(value)}`;
}
