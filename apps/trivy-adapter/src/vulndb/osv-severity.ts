import { cvss3BaseScore, ratingOf } from './cvss3.js';
import type { OsvAffected, OsvRecord } from './osv-record.js';

export type Severity = 'Unknown' | 'Negligible' | 'Low' | 'Medium' | 'High' | 'Critical';

const WORDS: Record<string, Severity> = {
  unimportant: 'Negligible',
  negligible: 'Negligible',
  low: 'Low',
  moderate: 'Medium',
  medium: 'Medium',
  high: 'High',
  important: 'High',
  critical: 'Critical',
};

/** A finding's severity and CVSS v3 details, from the most specific source the record has. */
export function severityOf(
  record: OsvRecord,
  affected: OsvAffected,
): { severity: Severity; cvss?: { score_v3: number; vector_v3: string } } {
  const vector = [...(affected.severity ?? []), ...(record.severity ?? [])].find(
    (s) => s.type === 'CVSS_V3',
  )?.score;
  const score = vector ? cvss3BaseScore(vector) : undefined;
  if (vector && score !== undefined) {
    const rating = ratingOf(score);
    // A scored finding with no impact is still a finding: the scanner API has no "None".
    return {
      severity: rating === 'None' ? 'Negligible' : rating,
      cvss: { score_v3: score, vector_v3: vector },
    };
  }
  const word =
    affected.database_specific?.severity ??
    affected.ecosystem_specific?.urgency ??
    record.database_specific?.severity;
  return { severity: WORDS[word?.toLowerCase() ?? ''] ?? 'Unknown' };
}
