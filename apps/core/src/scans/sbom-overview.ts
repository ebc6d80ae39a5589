/**
 * The registration whose SBOM an artifact shows: its project's own scanner, else the default (`a` is
 * the artifact's alias in the enclosing query), as for the scan overview.
 */
const PROJECT_SCANNER = `(SELECT r.uuid FROM scanner_registration r
    LEFT JOIN project_scanner ps ON ps.registration_uuid = r.uuid AND ps.project_id = a.project_id
   WHERE ps.project_id IS NOT NULL OR r.is_default ORDER BY ps.project_id IS NULL LIMIT 1)`;

/**
 * Harbor's `sbom_overview` of an artifact (`SBOMOverview`) as a JSON column. While the task runs (or
 * when it failed or was stopped) its status is the task's; a finished generation keeps the status of
 * its stored summary, which outlives the task when executions are swept.
 */
export const SBOM_OVERVIEW_SQL = `(SELECT jsonb_strip_nulls(jsonb_build_object(
    'report_id', sr.uuid,
    'scan_status', CASE WHEN t.status IS NULL OR t.status = 'Success' THEN COALESCE(sr.report->>'scan_status', t.status, 'Pending')
                        ELSE t.status END,
    'start_time', sr.start_time,
    'end_time', sr.end_time,
    'duration', CASE WHEN sr.end_time IS NOT NULL THEN EXTRACT(EPOCH FROM sr.end_time - sr.start_time)::bigint END,
    'sbom_digest', sr.report->>'sbom_digest',
    'scanner', sr.report->'scanner'))
  FROM sbom_report sr LEFT JOIN task t ON t.id = sr.task_id
  WHERE sr.artifact_id = a.id AND sr.registration_uuid = ${PROJECT_SCANNER}
  ORDER BY sr.id DESC LIMIT 1)`;
export const SBOM_OVERVIEW_COLUMN = `${SBOM_OVERVIEW_SQL} AS related_sbom_overview`;
