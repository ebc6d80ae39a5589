import { HarborError } from '@harbor-ts/errors';

/**
 * Harbor's `q` and `sort` query syntax, turned into bound SQL over an allowlist of fields.
 * `q=name=~foo,id=[1~9],status={a b},owner=admin`; `sort=-creation_time,name`.
 * Column expressions come only from the allowlist; every value is a bound parameter.
 */
export interface QueryField {
  /** Trusted SQL expression, e.g. `p.name`. */
  column: string;
  type: 'string' | 'number' | 'boolean' | 'time';
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

/** Splits `q` on the commas that are not inside `[]`, `{}` or `()`. */
function splitTopLevel(q: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of q) {
    if ('[{('.includes(ch)) depth++;
    if (']})'.includes(ch)) depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

function fieldOf(key: string, fields: QueryFields, what: string): string {
  const match = Object.keys(fields).find((name) => name.toLowerCase() === key.toLowerCase());
  if (!match) throw HarborError.badRequest(`${what}: unsupported field "${key}"`);
  return match;
}

export function parseQ(q: string | undefined, fields: QueryFields): Condition[] {
  if (!q) return [];
  return splitTopLevel(q).map((part) => {
    const eq = part.indexOf('=');
    if (eq <= 0) throw HarborError.badRequest(`q: invalid condition "${part}"`);
    const field = fieldOf(part.slice(0, eq).trim(), fields, 'q');
    const raw = part.slice(eq + 1).trim();
    if (raw.startsWith('~')) return { field, kind: 'fuzzy', value: raw.slice(1) };
    const range = /^\[(.*)~(.*)\]$/.exec(raw);
    if (range) return { field, kind: 'range', min: range[1] || undefined, max: range[2] || undefined };
    const list = /^([{(])(.*)[})]$/.exec(raw);
    if (list) {
      const values = (list[2] ?? '').split(' ').filter((value) => value.length > 0);
      return { field, kind: list[1] === '{' ? 'or' : 'and', values };
    }
    return { field, kind: 'exact', value: raw };
  });
}

export function parseSort(sort: string | undefined, fields: QueryFields): SortKey[] {
  if (!sort) return [];
  return sort
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const descending = part.startsWith('-');
      const field = fieldOf(descending ? part.slice(1) : part, fields, 'sort');
      if (fields[field]?.sortable === false) throw HarborError.badRequest(`sort: field "${field}" is not sortable`);
      return { field, descending };
    });
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
      if (!Number.isInteger(number) || Math.abs(number) > 2_147_483_647) throw HarborError.badRequest(`q: ${field} must be a number`);
      return number;
    }
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw HarborError.badRequest(`q: ${field} must be true or false`);
      return value === 'true';
    case 'time': {
      const time = new Date(value);
      if (Number.isNaN(time.getTime())) throw HarborError.badRequest(`q: ${field} must be a time`);
      return time;
    }
  }
}

/** SQL for one condition; fuzzy matching is a case-insensitive substring match with wildcards escaped. */
function conditionSql(condition: Condition, fields: QueryFields, params: SqlParams): string {
  const spec = fields[condition.field]!;
  const col = spec.column;
  const value = (raw: string) => params.add(typed(condition.field, spec, raw));
  switch (condition.kind) {
    case 'exact':
      return `${col} = ${value(condition.value)}`;
    case 'fuzzy': {
      if (spec.type !== 'string') throw HarborError.badRequest(`q: ${condition.field} does not support fuzzy match`);
      return `${col} ILIKE ${params.add(`%${condition.value.replace(/[\\%_]/g, '\\$&')}%`)}`;
    }
    case 'range': {
      const bounds = [];
      if (condition.min !== undefined) bounds.push(`${col} >= ${value(condition.min)}`);
      if (condition.max !== undefined) bounds.push(`${col} <= ${value(condition.max)}`);
      return bounds.length > 0 ? bounds.join(' AND ') : 'TRUE';
    }
    case 'or':
      if (condition.values.length === 0) return 'FALSE';
      return `(${condition.values.map((v) => `${col} = ${value(v)}`).join(' OR ')})`;
    case 'and':
      if (condition.values.length === 0) return 'TRUE';
      return `(${condition.values.map((v) => `${col} = ${value(v)}`).join(' AND ')})`;
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
export function orderSql(keys: SortKey[], fields: QueryFields, fallback: string, defaultOrder?: string): string {
  const parts = keys.map((key) => `${fields[key.field]!.column} ${key.descending ? 'DESC' : 'ASC'}`);
  if (parts.length === 0 && defaultOrder) parts.push(defaultOrder);
  parts.push(fallback);
  return `ORDER BY ${parts.join(', ')}`;
}
