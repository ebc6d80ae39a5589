import type { ScanOutcome } from '@harbor-ts/db';

/** Harbor's severities, least to most severe; `None` when nothing was found. */
export const SEVERITIES = ['None', 'Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical'] as const;

interface ReportVulnerability {
  severity?: unknown;
  fix_version?: unknown;
}

/**
 * What lists show of a vulnerability report (`application/vnd.security.vulnerability.report;
 * version=1.1`): the count per severity, how many have a fixed version, and the worst severity.
 */
export function summarizeReport(report: unknown): Omit<ScanOutcome, 'scanner' | 'report'> {
  const vulnerabilities = ((report as { vulnerabilities?: unknown } | null)?.vulnerabilities ?? []) as
    ReportVulnerability[] | unknown;
  if (!Array.isArray(vulnerabilities)) throw new Error('the report has no vulnerability list');
  const summary: Record<string, number> = {};
  let worst = 0;
  let fixable = 0;
  for (const vulnerability of vulnerabilities as ReportVulnerability[]) {
    const severity = normaliseSeverity(vulnerability.severity);
    summary[severity] = (summary[severity] ?? 0) + 1;
    worst = Math.max(worst, SEVERITIES.indexOf(severity));
    if (typeof vulnerability.fix_version === 'string' && vulnerability.fix_version) fixable += 1;
  }
  return { severity: SEVERITIES[worst]!, summary, fixable, total: vulnerabilities.length };
}

function normaliseSeverity(value: unknown): (typeof SEVERITIES)[number] {
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  return SEVERITIES.find((s) => s.toLowerCase() === text && s !== 'None') ?? 'Unknown';
}
