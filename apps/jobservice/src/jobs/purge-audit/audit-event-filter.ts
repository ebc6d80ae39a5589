/**
 * Which audit log rows a purge's `include_event_types` selects, the way Harbor reads it:
 * - event types `<operation>_<resource type>` (`create_artifact`, `login_user`, `delete_member`...), the
 *   names Harbor's portal sends since 2.13 (Harbor's audit_log_ext);
 * - `other`: every event that is not an artifact push, delete or pull;
 * - the bare operations `create`, `delete`, `pull` of Harbor's older portal (its legacy audit_log).
 * Anything else is ignored, as Harbor ignores it. Our single audit_log table holds both kinds of rows.
 */
export interface AuditEventFilter {
  events: string[];
  operations: string[];
  other: boolean;
}

/** Harbor's artifact events; `other` means every event but these. */
export const ARTIFACT_EVENTS = ['create_artifact', 'delete_artifact', 'pull_artifact'];

/** Harbor's event types (src/pkg/auditext/model), plus the ones harbor-ts audits that Harbor does not. */
const EVENT_TYPE = /^(create|delete|update|pull|push|login|logout)_[a-z_]+$/;
const LEGACY_OPERATIONS = new Set(['create', 'delete', 'pull']);

export function auditEventFilter(includeEventTypes: string): AuditEventFilter {
  const names = includeEventTypes
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
  return {
    events: [...new Set(names.filter((name) => EVENT_TYPE.test(name)))],
    operations: [...new Set(names.filter((name) => LEGACY_OPERATIONS.has(name)))],
    other: names.includes('other'),
  };
}

export function selectsNothing(filter: AuditEventFilter): boolean {
  return filter.events.length === 0 && filter.operations.length === 0 && !filter.other;
}

/**
 * The SQL condition over `audit_log` for a filter, with its parameters numbered from `first`. Harbor
 * calls project members `member`; harbor-ts records them as `project_member`.
 */
export function auditEventSql(filter: AuditEventFilter, first: number): { sql: string; params: unknown[] } {
  const eventKey = `lower(operation) || '_' || CASE lower(resource_type) WHEN 'project_member' THEN 'member' ELSE lower(resource_type) END`;
  const p = (offset: number) => `$${first + offset}`;
  return {
    sql: `(${eventKey} = ANY(${p(0)}::text[]) OR lower(operation) = ANY(${p(1)}::text[])
           OR (${p(2)}::boolean AND ${eventKey} <> ALL(${p(3)}::text[])))`,
    params: [filter.events, filter.operations, filter.other, ARTIFACT_EVENTS],
  };
}
