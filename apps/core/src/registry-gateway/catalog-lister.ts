import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SecurityContext } from '../auth/index.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** `/v2/_catalog` from Harbor's own records, holding only repositories the caller may pull. */
@Injectable()
export class CatalogLister {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(security: SecurityContext, query: URLSearchParams): Promise<{ repositories: string[]; next?: string }> {
    const n = Math.min(Math.max(Number(query.get('n') ?? DEFAULT_PAGE) || DEFAULT_PAGE, 1), MAX_PAGE);
    const last = query.get('last') ?? '';
    const rows: { name: string; project: string }[] = await this.dataSource.query(
      `SELECT r.name, p.name AS project FROM repository r JOIN project p ON p.project_id = r.project_id
        WHERE NOT p.deleted AND r.name > $1 ORDER BY r.name`,
      [last],
    );
    const repositories: string[] = [];
    for (const row of rows) {
      // SecurityContext caches per project, so this is one permission lookup per project, not per row.
      if (!(await security.can(row.project, 'repository', 'pull'))) continue;
      if (repositories.length === n) {
        return { repositories, next: `/v2/_catalog?last=${encodeURIComponent(repositories[n - 1] ?? '')}&n=${n}` };
      }
      repositories.push(row.name);
    }
    return { repositories };
  }
}
