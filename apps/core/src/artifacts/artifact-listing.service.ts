import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Paging } from '../common/paging.js';

type Row = Record<string, unknown>;

/** Reads artifacts in the shapes of Harbor's swagger (Artifact, Tag, Reference). */
@Injectable()
export class ArtifactListing {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async artifacts(projectId: number, repository: string, paging: Paging) {
    const rows: Row[] = await this.dataSource.query(
      `SELECT a.id, a.type, a.media_type, a.manifest_media_type, a.artifact_type, a.project_id, a.repository_id, a.repository_name,
              a.digest, a.size::bigint AS size, a.icon, a.push_time, a.pull_time, a.extra_attrs, a.annotations,
              count(*) OVER ()::int AS total
         FROM artifact a WHERE a.project_id = $1 AND a.repository_name = $2
        ORDER BY a.push_time DESC, a.id DESC LIMIT $3 OFFSET $4`,
      [projectId, repository, paging.pageSize, paging.offset],
    );
    const ids = rows.map((row) => row.id as number);
    const [tags, references]: [Row[], Row[]] = await Promise.all([
      this.dataSource.query(
        `SELECT id, repository_id, artifact_id, name, push_time, pull_time FROM tag WHERE artifact_id = ANY($1) ORDER BY push_time DESC`,
        [ids],
      ),
      this.dataSource.query(
        'SELECT parent_id, child_id, child_digest, platform, urls, annotations FROM artifact_reference WHERE parent_id = ANY($1)',
        [ids],
      ),
    ]);
    const items = rows.map(({ total: _total, extra_attrs, size, ...artifact }) => ({
      ...artifact,
      size: Number(size),
      extra_attrs: JSON.parse(String(extra_attrs || '{}')) as unknown,
      tags: tags.filter((t) => t.artifact_id === artifact.id).map((t) => ({ ...t, immutable: false, signed: false })),
      references: references
        .filter((r) => r.parent_id === artifact.id)
        .map((r) => ({ ...r, platform: r.platform ? (JSON.parse(String(r.platform)) as unknown) : null, urls: r.urls ? (JSON.parse(String(r.urls)) as unknown) : null })),
      accessories: null,
      labels: null,
      addition_links: {},
    }));
    return { total: Number(rows[0]?.total ?? 0), items };
  }
}
