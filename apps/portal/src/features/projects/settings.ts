import { apiClient } from '../../lib/api-client';
import type { Project } from './api';

/** The severities Harbor's "prevent vulnerable images" threshold takes. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What the Configuration tab edits: project metadata and the project's CVE allowlist. */
export interface ProjectSettings {
  public: boolean;
  autoScan: boolean;
  /** `auto_sbom_generation`: an SBOM for every pushed image. */
  autoSbom: boolean;
  preventVul: boolean;
  severity: Severity;
  /** Harbor's default: a project uses the system allowlist unless it says otherwise. */
  reuseSystemAllowlist: boolean;
  cveIds: string[];
  /** Unix seconds; null = never expires. */
  expiresAt: number | null;
}

export function settingsOf(project: Project): ProjectSettings {
  const metadata = project.metadata ?? {};
  const severity = (SEVERITIES as readonly string[]).includes(metadata.severity ?? '')
    ? (metadata.severity as Severity)
    : 'low';
  return {
    public: metadata.public === 'true',
    autoScan: metadata.auto_scan === 'true',
    autoSbom: metadata.auto_sbom_generation === 'true',
    preventVul: metadata.prevent_vul === 'true',
    severity,
    reuseSystemAllowlist: metadata.reuse_sys_cve_allowlist !== 'false',
    cveIds: (project.cve_allowlist?.items ?? []).map((item) => item.cve_id ?? '').filter(Boolean),
    expiresAt: project.cve_allowlist?.expires_at ?? null,
  };
}

export function updateProjectSettings(id: number, settings: ProjectSettings): Promise<void> {
  return apiClient.put(`/projects/${id}`, {
    metadata: {
      public: String(settings.public),
      auto_scan: String(settings.autoScan),
      auto_sbom_generation: String(settings.autoSbom),
      prevent_vul: String(settings.preventVul),
      severity: settings.severity,
      reuse_sys_cve_allowlist: String(settings.reuseSystemAllowlist),
    },
    cve_allowlist: {
      items: settings.cveIds.map((cve_id) => ({ cve_id })),
      ...(settings.expiresAt === null ? {} : { expires_at: settings.expiresAt }),
    },
  });
}
