/**
 * SQL expressions that build a response's JSON text in Postgres, compact and with keys in the order given,
 * as `JSON.stringify` writes the objects core would otherwise build: a listing then sends Postgres's text
 * as it is, without parsing rows and serialising them again. Each value helper yields JSON text, never NULL
 * (`null` instead), except where a field is marked optional.
 */

/** Harbor's times: UTC, milliseconds (truncated, as pg's parser and `Date#toISOString` give them). */
export const ISO_UTC_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** A number column (integer or bigint) as JSON. */
export const jsonNumber = (expr: string) => `COALESCE((${expr})::text, 'null')`;

/** A string (or any value `to_json` writes as JS would: text, boolean) as JSON. */
export const jsonValue = (expr: string) => `COALESCE(to_json(${expr})::text, 'null')`;

/** A timestamptz as `Date#toISOString` writes it; `fallback` (JSON text) when NULL. */
export const jsonTime = (expr: string, fallback = `'null'`) =>
  `COALESCE('"' || to_char((${expr}) AT TIME ZONE 'UTC', ${ISO_UTC_FORMAT}) || '"', ${fallback})`;

/**
 * `{"k":v,...}` from [key, JSON-text expression, optional] entries; an optional entry whose expression is
 * NULL is left out, as a spread of `{}` leaves a key out in JS. The first entry must not be optional.
 */
export function jsonObject(fields: readonly (readonly [string, string, boolean?])[]): string {
  const parts = fields.map(([key, value, optional], index) => {
    if (!/^[a-z_]+$/.test(key)) throw new Error(`jsonObject: key ${key}`); // keys are ours, never input
    const text = `'${index === 0 ? '' : ','}"${key}":'`;
    return optional ? `${text} || (${value})` : `${text}, ${value}`;
  });
  return `concat('{', ${parts.join(', ')}, '}')`;
}

/** `[...]` of `element` (JSON text per row) over `from` (`FROM ... WHERE ...`), `[]` when no row. */
export const jsonArray = (element: string, from: string, orderBy: string) =>
  `COALESCE((SELECT '[' || string_agg(${element}, ',' ORDER BY ${orderBy}) || ']' ${from}), '[]')`;
