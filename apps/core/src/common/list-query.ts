import { HarborError } from '@harbor-ts/errors';

/**
 * Harbor's `q` and `sort` syntax (its `lib/q` and ORM rules), turned into bound SQL over an allowlist.
 * `q=name=~foo,id=[1~9],status={a b},labels=(1 2),owner=admin`; `sort=-creation_time,name`.
 * As in Harbor: the whole `q` is URL-decoded once more (clients encode it twice), conditions are split
 * on every comma, a key given twice keeps its last value, and keys or sort fields a resource does not
 * know are ignored, not refused. Column expressions come only from the allowlist; values are bound.
 */
export interface QueryField {
  /** Trusted SQL expression, e.g. `p.name`. */
  column: string;
  type: 'string' | 'number' | 'decimal' | 'boolean' | 'time';
  /** Usable in `sort`; defaults to true. */
  sortable?: boolean;
}
export type QueryFields = Record<string, QueryField>;

export type Condition =
  | { field: string; kind: 'exact'; value: string }
  | { field: string; kind: 'fuzzy'; value: string }
  | { field: string; kind: 'range'; min?: string; max?: string }
  | { field: string; kind: 'or'; values: string[] }
  | { field: string; kind: 'and'; values: string[] };

export interface SortKey {
  field: string;
  descending: boolean;
}

export type QueryValue = Condition extends infer C ? (C extends Condition ? Omit<C, 'field'> : never) : never;

const EMPTY_PART = 'the query string must contain "=" and the key/value cannot be empty';

/** Go's `url.QueryUnescape`: `+` is a space; a malformed escape leaves the text as it was. */
function unescapeQuery(q: string): string {
  if (/%(?![0-9a-fA-F]{2})/.test(q)) return q;
  try {
    return decodeURIComponent(q.replace(/\+/g, ' '));
  } catch {
    return q;
  }
}

/** A range or list item: trimmed and, unless a time or an integer, stripped of surrounding quotes. */
function item(raw: string): string {
  const value = raw.trim();
  if (/^-?\d+$/.test(value) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) return value;
  return value.replace(/^["']+|["']+$/g, '');
}

function pattern(value: string): QueryValue | undefined {
  switch (value[0]) {
    case '~':
      return value.length < 2 ? undefined : { kind: 'fuzzy', value: value.slice(1) };
    case '[': {
      if (!value.endsWith(']') || value.split('~').length !== 2) return undefined;
      const [min = '', max = ''] = value.slice(1, -1).split('~').map(item);
      if (!min && !max) return undefined;
      return { kind: 'range', min: min || undefined, max: max || undefined };
    }
    case '{':
    case '(': {
      if (!value.endsWith(value[0] === '{' ? '}' : ')') || value.length < 2) return undefined;
      const values = value
        .slice(1, -1)
        .split(' ')
        .map(item)
        .filter((v) => v.length > 0);
      return { kind: value[0] === '{' ? 'or' : 'and', values };
    }
    default:
      // A leading backslash escapes the first character: `\~x` is the exact value `~x`.
      return { kind: 'exact', value: value.startsWith('\\') ? value.slice(1) : value };
  }
}

/** Harbor accepts a field's name in any case and in snake case (`ProjectID`, `project_id`). */
function fieldOf(key: string, fields: QueryFields): string | undefined {
  const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const names = Object.keys(fields);
  return (
    names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase() || n === snake)
  );
}

/** Every condition of `q` by its key as written, before keys are matched against a resource's fields. */
export function parseQKeywords(q: string | undefined): Map<string, QueryValue> {
  const keywords = new Map<string, QueryValue>();
  if (!q) return keywords;
  for (const part of unescapeQuery(q).split(',')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? '' : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if (!key || !value) throw HarborError.badRequest(EMPTY_PART);
    const parsed = pattern(value);
    if (!parsed) throw HarborError.badRequest(`invalid query string value: ${value}`);
    keywords.set(key, parsed);
  }
  return keywords;
}

/** The conditions of `q` on the resource's fields; other keys are ignored as Harbor ignores them. */
export function parseQ(q: string | undefined, fields: QueryFields): Condition[] {
  const conditions = new Map<string, Condition>();
  for (const [key, parsed] of parseQKeywords(q)) {
    const field = fieldOf(key, fields);
    if (field) conditions.set(field, { ...parsed, field } as Condition);
  }
  return [...conditions.values()];
}

/** `sort=k1,-k2`; fields that are unknown or not sortable are skipped, as in Harbor. */
export function parseSort(sort: string | undefined, fields: QueryFields): SortKey[] {
  if (!sort) return [];
  const keys: SortKey[] = [];
  for (const part of sort.split(',')) {
    const descending = part.startsWith('-');
    const field = fieldOf(descending ? part.slice(1) : part, fields);
    if (field && fields[field]?.sortable !== false) keys.push({ field, descending });
  }
  return keys;
}

/** Adds values to `params` and returns the `$n` placeholder for each. */
export class SqlParams {
  readonly values: unknown[] = [];
  constructor(initial: unknown[] = []) {
    this.values.push(...initial);
  }
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function typed(field: string, spec: QueryField, value: string): unknown {
  switch (spec.type) {
    case 'string':
      return value;
    case 'number': {
      const number = Number(value);
      // Every numeric column filtered on is an int; larger values would be a database error, not a miss.
      if (!/^-?\d+$/.test(value) || Math.abs(number) > 2_147_483_647)
        throw HarborError.badRequest(`q: ${field} must be a number`);
      return number;
    }
    case 'decimal':
      if (!/^-?\d+(\.\d+)?$/.test(value)) throw HarborError.badRequest(`q: ${field} must be a number`);
      return Number(value);
    case 'boolean':
      if (value !== 'true' && value !== 'false')
        throw HarborError.badRequest(`q: ${field} must be true or false`);
      return value === 'true';
    case 'time': {
      // Harbor reads `2006-01-02T15:04:05` as UTC.
      const time = new Date(/T\d{2}:\d{2}:\d{2}$/.test(value) ? `${value}Z` : value);
      if (Number.isNaN(time.getTime())) throw HarborError.badRequest(`q: ${field} must be a time`);
      return time;
    }
  }
}

/** Fuzzy matching is Harbor's `icontains`: a case-insensitive substring match with wildcards escaped. */
export function containsPattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * SQL for one condition. An and-list means something only where a resource gives it a meaning (an
 * artifact's `labels`); on a plain column Harbor's ORM ignores it, and so does this.
 */
function conditionSql(condition: Condition, fields: QueryFields, params: SqlParams): string {
  const spec = fields[condition.field]!;
  const col = spec.column;
  const value = (raw: string) => params.add(typed(condition.field, spec, raw));
  switch (condition.kind) {
    case 'exact':
      return `${col} = ${value(condition.value)}`;
    case 'fuzzy': {
      if (spec.type !== 'string')
        throw HarborError.badRequest(`q: ${condition.field} does not support fuzzy match`);
      return `${col} ILIKE ${params.add(containsPattern(condition.value))}`;
    }
    case 'range': {
      const bounds = [];
      if (condition.min !== undefined) bounds.push(`${col} >= ${value(condition.min)}`);
      if (condition.max !== undefined) bounds.push(`${col} <= ${value(condition.max)}`);
      return bounds.join(' AND ');
    }
    case 'or':
      if (condition.values.length === 0) return 'FALSE';
      return `(${condition.values.map((v) => `${col} = ${value(v)}`).join(' OR ')})`;
    case 'and':
      return 'TRUE';
  }
}

/** `cond1 AND cond2 ...`, or `TRUE` when there is none. */
export function whereSql(conditions: Condition[], fields: QueryFields, params: SqlParams): string {
  if (conditions.length === 0) return 'TRUE';
  return conditions.map((condition) => `(${conditionSql(condition, fields, params)})`).join(' AND ');
}

/**
 * `ORDER BY ...`: the caller's keys, else the resource's default order (Harbor's: newest first unless
 * the resource says otherwise), then a unique fallback so paging is stable.
 */
export function orderSql(
  keys: SortKey[],
  fields: QueryFields,
  fallback: string,
  defaultOrder?: string,
): string {
  const parts = keys.map((key) => `${fields[key.field]!.column} ${key.descending ? 'DESC' : 'ASC'}`);
  if (parts.length === 0 && defaultOrder) parts.push(defaultOrder);
  parts.push(fallback);
  return `ORDER BY ${parts.join(', ')}`;
}
