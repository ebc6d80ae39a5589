import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { QuotaService, type QuotaRequest, type QuotaWarning } from '../quotas/quota.service.js';

/**
 * Harbor's storage quota for a copy, checked for the whole copy before anything is written: every blob
 * new to the target project counts once. What was reserved but not recorded (a copy that failed half
 * way) is given back.
 */
@Injectable()
export class CopyQuota {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly quota: QuotaService,
  ) {}

  /**
   * Throws Harbor's DENIED "Quota exceeded..." when the target's limit would be passed; near the limit,
   * returns the QUOTA_WARNING to announce once the copy has succeeded.
   */
  async reserve(
    projectId: number,
    sizes: Map<string, number>,
    request: QuotaRequest,
  ): Promise<QuotaWarning | undefined> {
    const bytes = await this.newBytes(projectId, sizes);
    return bytes > 0 ? this.quota.checkAndReserve(projectId, bytes, request) : undefined;
  }

  /** After a failure: what is still not in the project was reserved for nothing. */
  async releaseUnrecorded(projectId: number, sizes: Map<string, number>): Promise<void> {
    const bytes = await this.newBytes(projectId, sizes);
    if (bytes > 0) await this.quota.release(projectId, bytes);
  }

  private async newBytes(projectId: number, sizes: Map<string, number>): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT COALESCE(SUM(d.size), 0)::bigint AS bytes FROM unnest($2::varchar[], $3::bigint[]) AS d(digest, size)
        WHERE NOT EXISTS (SELECT 1 FROM blob b JOIN project_blob pb ON pb.blob_id = b.id
                           WHERE b.digest = d.digest AND pb.project_id = $1)`,
      [projectId, [...sizes.keys()], [...sizes.values()]],
    )) as { bytes: string }[];
    return Number(row?.bytes ?? 0);
  }
}
