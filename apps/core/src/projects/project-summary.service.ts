import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SecurityContext } from '../auth/security-context.js';
import { proxyRegistrySummary } from '../proxy-cache/proxy-registry-summary.js';
import type { ProjectRow } from './project.dto.js';

/** `GET /projects/{p}/summary`: repository count, members per role, and the quota for those who may read it. */
@Injectable()
export class ProjectSummaryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summary(security: SecurityContext, project: ProjectRow) {
    const counts = new Map<number, number>();
    const rows: { role: number; count: number }[] = await this.dataSource.query(
      'SELECT role, count(*)::int AS count FROM project_member WHERE project_id = $1 GROUP BY role',
      [project.project_id],
    );
    rows.forEach((row) => counts.set(row.role, row.count));
    const summary: Record<string, unknown> = {
      repo_count: Number(project.repo_count),
      project_admin_count: counts.get(1) ?? 0,
      maintainer_count: counts.get(4) ?? 0,
      developer_count: counts.get(2) ?? 0,
      guest_count: counts.get(3) ?? 0,
      limited_guest_count: counts.get(5) ?? 0,
    };
    if (await security.can(project.project_id, 'quota', 'read'))
      summary.quota = await this.quota(project.project_id);
    const registry = await proxyRegistrySummary(this.dataSource, project.registry_id);
    if (registry) summary.registry = registry;
    return summary;
  }

  private async quota(projectId: number) {
    const reference = String(projectId);
    const [hard] = (await this.dataSource.query(
      `SELECT hard FROM quota WHERE reference = 'project' AND reference_id = $1`,
      [reference],
    )) as [{ hard: Record<string, number> }?];
    const [used] = (await this.dataSource.query(
      `SELECT used FROM quota_usage WHERE reference = 'project' AND reference_id = $1`,
      [reference],
    )) as [{ used: Record<string, number> }?];
    return { hard: hard?.hard ?? { storage: -1 }, used: used?.used ?? { storage: 0 } };
  }
}
