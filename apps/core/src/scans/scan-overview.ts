/**
 * The registration whose reports an artifact shows: its project's own scanner, else the default
 * (`a` is the artifact's alias in the enclosing query).
 */
const PROJECT_SCANNER = `(SELECT r.uuid FROM scanner_registration r
    LEFT JOIN project_scanner ps ON ps.registration_uuid = r.uuid AND ps.project_id = a.project_id
   WHERE ps.project_id IS NOT NULL OR r.is_default ORDER BY ps.project_id IS NULL LIMIT 1)`;

/**
 * Harbor's `scan_overview` of an artifact as a JSON column, keyed by report type (`NativeReportSummary`
 * each), read with the artifact itself so a listing stays one statement. A report's status is its
 * task's; a report whose task was swept or never attached reads as Pending.
 */
export const SCAN_OVERVIEW_SQL = `(SELECT jsonb_object_agg(sr.mime_type, jsonb_strip_nulls(jsonb_build_object(
    'report_id', sr.uuid,
    'scan_status', COALESCE(t.status, 'Pending'),
    'severity', sr.severity,
    'start_time', sr.start_time,
    'end_time', sr.end_time,
    'duration', CASE WHEN sr.end_time IS NOT NULL THEN EXTRACT(EPOCH FROM sr.end_time - sr.start_time)::bigint END,
    'complete_percent', CASE WHEN t.status = 'Success' THEN 100 ELSE 0 END,
    'scanner', sr.scanner,
    'summary', CASE WHEN sr.report IS NOT NULL THEN jsonb_build_object(
      'total', sr.total_cnt, 'fixable', sr.fixable_cnt, 'summary', COALESCE(sr.summary, '{}'::jsonb)) END)))
  FROM scan_report sr LEFT JOIN task t ON t.id = sr.task_id
  WHERE sr.digest = a.digest AND sr.registration_uuid = ${PROJECT_SCANNER})`;
export const SCAN_OVERVIEW_COLUMN = `${SCAN_OVERVIEW_SQL} AS related_scan_overview`;

/** The stored reports of an artifact for its project's scanner, keyed by report type. */
export const VULNERABILITY_REPORTS_SQL = `SELECT sr.mime_type, sr.report FROM scan_report sr, artifact a
  WHERE a.id = $1 AND sr.digest = a.digest AND sr.report IS NOT NULL AND sr.registration_uuid = ${PROJECT_SCANNER}`;
