import { apiClient } from '../../lib/api-client';
import type { Schemas } from '../../lib/api-types';
import { artifactPath, type Artifact, type ArtifactLocation } from './api';

/** The report type harbor-ts's scanners produce; the key of `scan_overview` and of the addition. */
export const REPORT_TYPE = 'application/vnd.security.vulnerability.report; version=1.1';

export type ScanSummary = Schemas['NativeReportSummary'];
export const SEVERITY_ORDER = ['Critical', 'High', 'Medium', 'Low', 'Negligible', 'Unknown'] as const;

/** One finding of a report, as scanners write it. */
export interface Vulnerability {
  id: string;
  package: string;
  version: string;
  fix_version?: string;
  severity: string;
  description?: string;
  links?: string[];
  preferred_cvss?: { score_v3?: number };
}

export function scanOverviewOf(artifact: Artifact): ScanSummary | undefined {
  return (artifact.scan_overview as Record<string, ScanSummary> | undefined)?.[REPORT_TYPE];
}

export const isScanning = (summary: ScanSummary | undefined) =>
  summary?.scan_status === 'Pending' || summary?.scan_status === 'Running';

export function scanArtifact(at: ArtifactLocation, digest: string): Promise<void> {
  return apiClient.post(`${artifactPath(at, digest)}/scan`, { scan_type: 'vulnerability' });
}

export function stopScan(at: ArtifactLocation, digest: string): Promise<void> {
  return apiClient.post(`${artifactPath(at, digest)}/scan/stop`, { scan_type: 'vulnerability' });
}

export async function getVulnerabilities(
  at: ArtifactLocation,
  digest: string,
  signal?: AbortSignal,
): Promise<Vulnerability[]> {
  const body = await apiClient.get<Record<string, { vulnerabilities?: Vulnerability[] }>>(
    `${artifactPath(at, digest)}/additions/vulnerabilities`,
    { signal },
  );
  return body?.[REPORT_TYPE]?.vulnerabilities ?? [];
}

/** The findings as CSV, as Harbor's portal downloads them. */
export function vulnerabilitiesCsv(vulnerabilities: Vulnerability[]): string {
  const cell = (value: string | number | undefined) => `"${String(value ?? '').replace(/"/g, '""')}"`;
  const header = ['CVE', 'Severity', 'Package', 'Version', 'Fixed version', 'CVSS v3', 'Description'];
  const rows = vulnerabilities.map((v) =>
    [v.id, v.severity, v.package, v.version, v.fix_version, v.preferred_cvss?.score_v3, v.description]
      .map(cell)
      .join(','),
  );
  return [header.map(cell).join(','), ...rows].join('\n');
}
