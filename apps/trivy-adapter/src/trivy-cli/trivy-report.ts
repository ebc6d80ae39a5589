import { z } from 'zod';

/** The fields of Trivy's `--format json` report (schema version 2) that a Harbor report needs. */
const cvssSchema = z.object({ V3Vector: z.string().optional(), V3Score: z.number().optional() });
const vulnerabilitySchema = z.object({
  VulnerabilityID: z.string(),
  PkgName: z.string(),
  InstalledVersion: z.string(),
  FixedVersion: z.string().optional(),
  Severity: z.string().optional(),
  Description: z.string().optional(),
  PrimaryURL: z.string().optional(),
  References: z.array(z.string()).nullish(),
  SeveritySource: z.string().optional(),
  CweIDs: z.array(z.string()).nullish(),
  Layer: z.object({ Digest: z.string().optional(), DiffID: z.string().optional() }).nullish(),
  CVSS: z.record(z.string(), cvssSchema).nullish(),
  PkgIdentifier: z.object({ PURL: z.string().optional() }).nullish(),
});
const trivyReportSchema = z.object({
  SchemaVersion: z.literal(2),
  Results: z
    .array(z.object({ Target: z.string(), Vulnerabilities: z.array(vulnerabilitySchema).nullish() }))
    .nullish(),
});
type TrivyVulnerability = z.output<typeof vulnerabilitySchema>;

const SEVERITIES: Record<string, string> = {
  CRITICAL: 'Critical',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
  UNKNOWN: 'Unknown',
};
export const SEVERITY_ORDER = ['Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical'];

/** One finding from Trivy, as Harbor's Trivy adapter turns it into a VulnerabilityItem. */
export interface TrivyFinding {
  id: string;
  package: string;
  version: string;
  fix_version: string;
  severity: string;
  description: string;
  links: string[];
  preferred_cvss?: { score_v3: number; vector_v3: string };
  purl?: string;
  layer?: { digest?: string; diff_id?: string };
  cwe_ids?: string[];
  vendor_attributes: { CVSS?: Record<string, unknown> };
}

/** Parses Trivy's JSON report; anything else (another schema, not JSON) is an error naming it. */
export function parseTrivyReport(json: string): TrivyFinding[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('trivy did not print a JSON report');
  }
  const parsed = trivyReportSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `unsupported trivy report: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
    );
  return (parsed.data.Results ?? []).flatMap((result) => (result.Vulnerabilities ?? []).map(toFinding));
}

function toFinding(v: TrivyVulnerability): TrivyFinding {
  const cvss = preferredCvss(v);
  return {
    id: v.VulnerabilityID,
    package: v.PkgName,
    version: v.InstalledVersion,
    fix_version: v.FixedVersion ?? '',
    severity: SEVERITIES[v.Severity ?? ''] ?? 'Unknown',
    description: v.Description ?? '',
    // Harbor's Trivy adapter: the primary URL alone, else the references.
    links: v.PrimaryURL ? [v.PrimaryURL] : (v.References ?? []),
    ...(cvss ? { preferred_cvss: cvss } : {}),
    ...(v.PkgIdentifier?.PURL ? { purl: v.PkgIdentifier.PURL } : {}),
    ...(v.Layer ? { layer: { digest: v.Layer.Digest, diff_id: v.Layer.DiffID } } : {}),
    ...(v.CweIDs?.length ? { cwe_ids: v.CweIDs } : {}),
    vendor_attributes: v.CVSS && Object.keys(v.CVSS).length ? { CVSS: v.CVSS } : {},
  };
}

/** The CVSS v3 of the source Trivy took the severity from, else NVD's, else the first with one. */
function preferredCvss(v: TrivyVulnerability) {
  const all = v.CVSS ?? {};
  const sources = [v.SeveritySource, 'nvd', ...Object.keys(all)].filter((s): s is string => !!s);
  for (const source of sources) {
    const entry = all[source];
    if (entry?.V3Vector && entry.V3Score !== undefined)
      return { score_v3: entry.V3Score, vector_v3: entry.V3Vector };
  }
  return undefined;
}

/** The worst severity of the findings, Harbor's report `severity`. */
export function worstSeverity(findings: { severity: string }[]): string {
  const worst = Math.max(0, ...findings.map((f) => SEVERITY_ORDER.indexOf(f.severity)));
  return SEVERITY_ORDER[worst] ?? 'Unknown';
}
