import { describe, expect, it } from 'vitest';
import { summarizeReport } from './report-summary.js';

describe('summarizeReport', () => {
  it('counts per severity, fixable ones and the worst severity', () => {
    const report = {
      vulnerabilities: [
        { id: 'CVE-1', severity: 'High', fix_version: '1.2' },
        { id: 'CVE-2', severity: 'Low', fix_version: '' },
        { id: 'CVE-3', severity: 'high' },
        { id: 'CVE-4', severity: 'bogus' },
      ],
    };
    expect(summarizeReport(report)).toEqual({
      severity: 'High',
      summary: { High: 2, Low: 1, Unknown: 1 },
      fixable: 1,
      total: 4,
    });
  });

  it('says None for a clean image and refuses a report without a list', () => {
    expect(summarizeReport({ vulnerabilities: [] })).toEqual({
      severity: 'None',
      summary: {},
      fixable: 0,
      total: 0,
    });
    expect(() => summarizeReport({ vulnerabilities: 'x' })).toThrow(/no vulnerability list/);
  });
});
