import { describe, expect, it } from 'vitest';
import { parseTrivyReport, worstSeverity } from './trivy-report.js';

describe("reading Trivy's JSON report", () => {
  it('refuses output that is not a schema 2 report, naming why', () => {
    expect(() => parseTrivyReport('2026-12-04 FATAL oops')).toThrow('trivy did not print a JSON report');
    expect(() => parseTrivyReport(JSON.stringify({ SchemaVersion: 1, Results: [] }))).toThrow(
      /unsupported trivy report: SchemaVersion/,
    );
  });

  it('reads an image without findings (no Results, or results without vulnerabilities) as clean', () => {
    expect(parseTrivyReport(JSON.stringify({ SchemaVersion: 2 }))).toEqual([]);
    expect(
      parseTrivyReport(JSON.stringify({ SchemaVersion: 2, Results: [{ Target: 'x (alpine 3.19)' }] })),
    ).toEqual([]);
  });

  it("maps Trivy's severities to Harbor's words, an unknown one to Unknown, and finds the worst", () => {
    const findings = parseTrivyReport(
      JSON.stringify({
        SchemaVersion: 2,
        Results: [
          {
            Target: 't',
            Vulnerabilities: ['CRITICAL', 'LOW', 'SOMETHING'].map((severity, n) => ({
              VulnerabilityID: `CVE-2024-000${n}`,
              PkgName: 'zlib',
              InstalledVersion: '1.2.13',
              Severity: severity,
              References: ['https://example.test/a', 'https://example.test/b'],
            })),
          },
        ],
      }),
    );
    expect(findings.map((f) => f.severity)).toEqual(['Critical', 'Low', 'Unknown']);
    expect(findings[0]!.links).toEqual(['https://example.test/a', 'https://example.test/b']);
    expect(worstSeverity(findings)).toBe('Critical');
    expect(worstSeverity([])).toBe('Unknown');
  });
});
