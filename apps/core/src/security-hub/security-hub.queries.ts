import type { QueryFields } from '../common/list-query.js';

const COUNT = (severity: string) => `COALESCE(sum((s.summary->>'${severity}')::bigint), 0)::bigint`;

/** Harbor's summary: counts per severity over every artifact's report by the default scanner. */
export const SUMMARY_SQL = `SELECT ${COUNT('Critical')} AS critical_cnt, ${COUNT('High')} AS high_cnt,
    ${COUNT('Medium')} AS medium_cnt, ${COUNT('Low')} AS low_cnt, ${COUNT('None')} AS none_cnt,
    ${COUNT('Unknown')} AS unknown_cnt, COALESCE(sum(s.fixable_cnt), 0)::bigint AS fixable_cnt,
    (SELECT count(*) FROM artifact)::bigint AS total_artifact,
    (SELECT count(*) FROM artifact a2 WHERE EXISTS (
       SELECT 1 FROM scan_report s2 WHERE s2.digest = a2.digest AND s2.registration_uuid = $1))::bigint AS scanned_cnt
  FROM artifact a JOIN scan_report s ON s.digest = a.digest
 WHERE s.registration_uuid = $1 AND s.report IS NOT NULL`;

const SEVERITY_RANK = `CASE vr.severity WHEN 'Critical' THEN 5 WHEN 'High' THEN 4 WHEN 'Medium' THEN 3
  WHEN 'Low' THEN 2 WHEN 'None' THEN 1 ELSE 0 END`;

/** The five findings with the highest CVSS v3 score still in some report. */
export const DANGEROUS_CVES_SQL = `SELECT vr.cve_id, vr.severity, vr.cvss_score_v3, vr.description AS "desc",
    vr.package, vr.package_version AS version
  FROM vulnerability_record vr
 WHERE vr.registration_uuid = $1 AND vr.cvss_score_v3 IS NOT NULL
   AND EXISTS (SELECT 1 FROM report_vulnerability_record r WHERE r.vuln_record_id = vr.id)
 ORDER BY vr.cvss_score_v3 DESC, ${SEVERITY_RANK} DESC, vr.id
 LIMIT 5`;

const ARTIFACT_COUNT = (severity: string) => `COALESCE((s.summary->>'${severity}')::int, 0)`;

/** The five artifacts with the most critical, then high, medium and low findings. */
export const DANGEROUS_ARTIFACTS_SQL = `SELECT a.project_id, a.repository_name, a.digest,
    ${ARTIFACT_COUNT('Critical')} AS critical_cnt, ${ARTIFACT_COUNT('High')} AS high_cnt,
    ${ARTIFACT_COUNT('Medium')} AS medium_cnt
  FROM artifact a JOIN scan_report s ON s.digest = a.digest
 WHERE s.registration_uuid = $1
   AND ${ARTIFACT_COUNT('Critical')} + ${ARTIFACT_COUNT('High')} + ${ARTIFACT_COUNT('Medium')} + ${ARTIFACT_COUNT('Low')} > 0
 ORDER BY 4 DESC, 5 DESC, 6 DESC, ${ARTIFACT_COUNT('Low')} DESC, a.id
 LIMIT 5`;

/** One row per finding per artifact (alias `vr`, `a`), for the scanner in $1. */
export const VULNERABILITIES_FROM = `FROM artifact a
  JOIN scan_report s ON s.digest = a.digest
  JOIN report_vulnerability_record rvr ON rvr.report_uuid = s.uuid
  JOIN vulnerability_record vr ON vr.id = rvr.vuln_record_id
 WHERE vr.registration_uuid = $1`;

export const VULNERABILITY_COLUMNS = `a.id AS artifact_id, a.project_id, a.repository_name, a.digest, vr.cve_id,
  vr.severity, vr.status, vr.cvss_score_v3, vr.package, vr.package_version, vr.fixed_version, vr.description, vr.urls`;

/** What `q` may filter on, as Harbor's security hub: exact matches and a CVSS v3 range (`tag` apart). */
export const VULNERABILITY_FIELDS: QueryFields = {
  cve_id: { column: 'vr.cve_id', type: 'string' },
  severity: { column: 'vr.severity', type: 'string' },
  status: { column: 'vr.status', type: 'string' },
  cvss_score_v3: { column: 'vr.cvss_score_v3', type: 'decimal' },
  project_id: { column: 'a.project_id', type: 'number' },
  repository_name: { column: 'a.repository_name', type: 'string' },
  package: { column: 'vr.package', type: 'string' },
  digest: { column: 'a.digest', type: 'string' },
};
