import { HarborError } from '@harbor-ts/errors';
import { parseQ, type Condition, type QueryFields, type SqlParams, whereSql } from '../common/list-query.js';

/**
 * What `q` and `sort` may name when listing artifacts. `tags`, `labels` (alias `label_id`) and `base` are
 * matched through other tables, so they have no column of their own and are not sortable.
 */
export const ARTIFACT_FIELDS: QueryFields = {
  id: { column: 'a.id', type: 'number' },
  digest: { column: 'a.digest', type: 'string' },
  type: { column: 'a.type', type: 'string' },
  media_type: { column: 'a.media_type', type: 'string' },
  manifest_media_type: { column: 'a.manifest_media_type', type: 'string' },
  artifact_type: { column: 'a.artifact_type', type: 'string' },
  size: { column: 'a.size', type: 'number' },
  push_time: { column: 'a.push_time', type: 'time' },
  pull_time: { column: 'a.pull_time', type: 'time' },
  tags: { column: '', type: 'string', sortable: false },
  labels: { column: '', type: 'number', sortable: false },
  label_id: { column: '', type: 'number', sortable: false },
  base: { column: '', type: 'string', sortable: false },
};

/** What `q` and `sort` may name when listing one artifact's tags. */
export const TAG_FIELDS: QueryFields = {
  id: { column: 't.id', type: 'number' },
  name: { column: 't.name', type: 'string' },
  push_time: { column: 't.push_time', type: 'time' },
  pull_time: { column: 't.pull_time', type: 'time' },
};

const RELATED = new Set(['tags', 'labels', 'label_id', 'base']);

/**
 * The WHERE clause for Harbor's artifact `q`. As in Harbor, accessories (signatures, SBOMs) are left out
 * unless `base=*` asks for every artifact.
 */
export function artifactWhere(q: string | undefined, params: SqlParams): string {
  const conditions = parseQ(q, ARTIFACT_FIELDS);
  const plain = conditions.filter((c) => !RELATED.has(c.field));
  const parts = [whereSql(plain, ARTIFACT_FIELDS, params)];
  const base = conditions.find((c) => c.field === 'base');
  if (base && !(base.kind === 'exact' && base.value === '*'))
    throw HarborError.badRequest('q: base must be *');
  if (!base) parts.push('NOT EXISTS (SELECT 1 FROM artifact_accessory acc WHERE acc.artifact_id = a.id)');
  for (const condition of conditions) {
    if (condition.field === 'tags') parts.push(tagCondition(condition, params));
    if (condition.field === 'labels' || condition.field === 'label_id')
      parts.push(labelCondition(condition, params));
  }
  return parts.join(' AND ');
}

const TAG_EXISTS = 'EXISTS (SELECT 1 FROM tag t WHERE t.artifact_id = a.id';

/** `tags=*` tagged, `tags=nil` untagged, `tags=~v` a tag containing v, `tags=v` a tag named v. */
function tagCondition(condition: Condition, params: SqlParams): string {
  switch (condition.kind) {
    case 'exact':
      if (condition.value === '*') return `${TAG_EXISTS})`;
      if (condition.value === 'nil') return `NOT ${TAG_EXISTS})`;
      return `${TAG_EXISTS} AND t.name = ${params.add(condition.value)})`;
    case 'fuzzy':
      return `${TAG_EXISTS} AND t.name ILIKE ${params.add(`%${condition.value.replace(/[\\%_]/g, '\\$&')}%`)})`;
    case 'or':
      return `${TAG_EXISTS} AND t.name = ANY(${params.add(condition.values)}::varchar[]))`;
    default:
      throw HarborError.badRequest('q: tags supports *, nil, ~name, name or {a b}');
  }
}

/** `labels=(1 2)` both labels, `labels={1 2}` either, `labels=1` that one. */
function labelCondition(condition: Condition, params: SqlParams): string {
  const ids = (values: string[]) =>
    values.map((value) => {
      const id = Number(value);
      if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647)
        throw HarborError.badRequest(`q: ${condition.field} must be label ids`);
      return id;
    });
  const has = (placeholder: string) =>
    `EXISTS (SELECT 1 FROM label_reference lr WHERE lr.artifact_id = a.id AND lr.label_id = ${placeholder})`;
  switch (condition.kind) {
    case 'exact':
      return has(params.add(ids([condition.value])[0]));
    case 'and':
      return (
        ids(condition.values)
          .map((id) => has(params.add(id)))
          .join(' AND ') || 'TRUE'
      );
    case 'or':
      return `EXISTS (SELECT 1 FROM label_reference lr WHERE lr.artifact_id = a.id AND lr.label_id = ANY(${params.add(ids(condition.values))}::int[]))`;
    default:
      throw HarborError.badRequest(`q: ${condition.field} supports an id, (a b) or {a b}`);
  }
}

/** Harbor's boolean query flags: absent → the default, `true`/`false` → that, anything else → 400. */
export function flag(query: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw HarborError.badRequest(`${name} must be true or false`);
}
