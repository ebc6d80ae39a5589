import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { parseManifest, type ParsedManifest } from '@harbor-ts/oci';
import { QuotaService, type QuotaRequest, type QuotaWarning } from '../quotas/quota.service.js';

export interface Reservation {
  projectId: number;
  bytes: number;
  /** Near the limit: Harbor's QUOTA_WARNING, announced once the registry has stored the manifest. */
  warning?: QuotaWarning;
}

/**
 * Harbor's storage quota for a manifest push: every blob the manifest brings into the project for
 * the first time (config, layers, child manifests and the manifest itself) counts once per project.
 * The reservation is made before the registry stores the manifest, and given back if it refuses it.
 */
@Injectable()
export class PushQuota {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly quota: QuotaService,
  ) {}

  /** Throws Harbor's DENIED "Quota exceeded..." when the project's limit would be passed. */
  async reserve(
    project: string,
    request: QuotaRequest,
    bytes: Buffer,
    contentType?: string,
  ): Promise<Reservation | undefined> {
    const { digest } = request;
    const parsed = tryParse(bytes, contentType);
    if (!parsed) return undefined; // the registry answers MANIFEST_INVALID itself
    const sizes = new Map<string, number>([[digest, bytes.length]]);
    for (const d of [...parsed.blobs, ...parsed.manifests]) sizes.set(d.digest.value, d.size);
    const [row] = (await this.dataSource.query(
      `SELECT p.project_id,
              (SELECT COALESCE(SUM(d.size), 0) FROM unnest($2::varchar[], $3::bigint[]) AS d(digest, size)
                WHERE NOT EXISTS (SELECT 1 FROM project_blob pb JOIN blob b ON b.id = pb.blob_id
                                   WHERE pb.project_id = p.project_id AND b.digest = d.digest)) AS new_bytes
         FROM project p WHERE p.name = $1 AND NOT p.deleted`,
      [project, [...sizes.keys()], [...sizes.values()]],
    )) as { project_id: number; new_bytes: string }[];
    if (!row || Number(row.new_bytes) === 0) return undefined;
    const reservation: Reservation = { projectId: row.project_id, bytes: Number(row.new_bytes) };
    const warning = await this.quota.checkAndReserve(reservation.projectId, reservation.bytes, request);
    return warning ? { ...reservation, warning } : reservation;
  }

  async release(reservation: Reservation | undefined): Promise<void> {
    if (reservation) await this.quota.release(reservation.projectId, reservation.bytes);
  }
}

function tryParse(bytes: Buffer, contentType?: string): ParsedManifest | undefined {
  try {
    return parseManifest(bytes, contentType);
  } catch {
    return undefined;
  }
}
