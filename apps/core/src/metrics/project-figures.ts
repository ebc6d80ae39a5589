import type { DataSource } from 'typeorm';

/** One project's row in Harbor's project collector. */
export interface ProjectFigures {
  name: string;
  public: boolean;
  /** Bytes; -1 for an unlimited quota, as Harbor reports it. */
  quotaBytes: number;
  usageBytes: number;
  members: number;
  repositories: number;
  pulls: number;
  /** Artifact count by artifact type (IMAGE, CHART...). */
  artifacts: Record<string, number>;
}

// Everything per project in one pass; the counts are grouped first, then joined (no per-project loop).
const PROJECTS_SQL = `
  SELECT p.project_id, p.name,
         COALESCE(pm.value, 'false') = 'true' AS public,
         COALESCE((q.hard->>'storage')::bigint, -1) AS quota,
         COALESCE((u.used->>'storage')::bigint, 0) AS usage,
         COALESCE(m.member_total, 0) AS member_total,
         COALESCE(r.repo_total, 0) AS repo_total,
         COALESCE(r.pull_total, 0) AS pull_total
    FROM project p
    LEFT JOIN project_metadata pm ON pm.project_id = p.project_id AND pm.name = 'public'
    LEFT JOIN quota q ON q.reference = 'project' AND q.reference_id = p.project_id::text
    LEFT JOIN quota_usage u ON u.reference = 'project' AND u.reference_id = p.project_id::text
    LEFT JOIN (SELECT project_id, count(*) AS member_total FROM project_member
                WHERE entity_type = 'u' GROUP BY project_id) m ON m.project_id = p.project_id
    LEFT JOIN (SELECT project_id, count(*) AS repo_total, sum(pull_count) AS pull_total FROM repository
                GROUP BY project_id) r ON r.project_id = p.project_id
   WHERE p.deleted = false`;

const ARTIFACTS_SQL = `
  SELECT a.project_id, a.type, count(*) AS total
    FROM artifact a JOIN project p ON p.project_id = a.project_id
   WHERE p.deleted = false
   GROUP BY a.project_id, a.type`;

interface ProjectRow {
  project_id: number;
  name: string;
  public: boolean;
  quota: string;
  usage: string;
  member_total: string;
  repo_total: string;
  pull_total: string;
}

/** Harbor's project collector figures, read with two aggregate queries. */
export async function readProjectFigures(dataSource: DataSource): Promise<ProjectFigures[]> {
  const [rows, artifactRows] = await Promise.all([
    dataSource.query<ProjectRow[]>(PROJECTS_SQL),
    dataSource.query<{ project_id: number; type: string; total: string }[]>(ARTIFACTS_SQL),
  ]);
  const byId = new Map<number, ProjectFigures>();
  for (const row of rows) {
    byId.set(row.project_id, {
      name: row.name,
      public: row.public,
      quotaBytes: Number(row.quota),
      usageBytes: Number(row.usage),
      members: Number(row.member_total),
      repositories: Number(row.repo_total),
      pulls: Number(row.pull_total),
      artifacts: {},
    });
  }
  for (const row of artifactRows) {
    const project = byId.get(row.project_id);
    if (project) project.artifacts[row.type] = Number(row.total);
  }
  return [...byId.values()];
}
