import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import { parseQ, parseQKeywords, SqlParams, whereSql } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import {
  DANGEROUS_ARTIFACTS_SQL,
  DANGEROUS_CVES_SQL,
  SUMMARY_SQL,
  VULNERABILITIES_FROM,
  VULNERABILITY_COLUMNS,
  VULNERABILITY_FIELDS,
} from './security-hub.queries.js';

/** With `tune_count`, a total above this is answered as -1 rather than counted. */
const TUNED_COUNT_LIMIT = 1000;
/** Harbor shows at most this many tags of an artifact beside a finding. */
const MAX_TAGS = 10;

interface VulnerabilityRow {
  artifact_id: number;
  project_id: number;
  repository_name: string;
  digest: string;
  cve_id: string;
  severity: string;
  status: string;
  cvss_score_v3: number | null;
  package: string;
  package_version: string;
  fixed_version: string;
  description: string;
  urls: string;
}

/** Harbor's security hub: the system's vulnerability summary and findings, by the default scanner. */
@Injectable()
export class SecurityHubService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summary(options: { withCves: boolean; withArtifacts: boolean }) {
    // Without a default scanner every count is 0, as Harbor answers.
    const scanner = (await this.defaultScanner()) ?? '';
    const [row] = (await this.dataSource.query(SUMMARY_SQL, [scanner])) as Record<string, string>[];
    const counts = Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
    const severities = ['critical_cnt', 'high_cnt', 'medium_cnt', 'low_cnt', 'none_cnt', 'unknown_cnt'];
    return {
      ...counts,
      total_vuls: severities.reduce((sum, key) => sum + (counts[key] ?? 0), 0),
      ...(options.withCves
        ? { dangerous_cves: await this.dataSource.query(DANGEROUS_CVES_SQL, [scanner]) }
        : {}),
      ...(options.withArtifacts && scanner
        ? { dangerous_artifacts: await this.dataSource.query(DANGEROUS_ARTIFACTS_SQL, [scanner]) }
        : {}),
    };
  }

  async vulnerabilities(query: { q?: string; tune_count?: string; with_tag?: string }, paging: Paging) {
    const scanner = await this.defaultScanner();
    if (!scanner) return { items: [], total: 0 };
    const params = new SqlParams([scanner]);
    let where = whereSql(parseQ(query.q, VULNERABILITY_FIELDS), VULNERABILITY_FIELDS, params);
    const tag = parseQKeywords(query.q).get('tag');
    if (tag) {
      if (tag.kind !== 'exact') throw HarborError.badRequest('q: tag must be an exact match');
      where += ` AND a.id IN (SELECT artifact_id FROM tag WHERE name = ${params.add(tag.value)})`;
    }
    const tuned = query.tune_count === 'true';
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM (SELECT 1 ${VULNERABILITIES_FROM} AND ${where}
         ${tuned ? `LIMIT ${TUNED_COUNT_LIMIT + 1}` : ''}) counted`,
      params.values,
    )) as [{ total: number }];
    const rows = (await this.dataSource.query(
      `SELECT ${VULNERABILITY_COLUMNS} ${VULNERABILITIES_FROM} AND ${where}
        ORDER BY vr.cvss_score_v3 DESC NULLS LAST, vr.id, a.id
        LIMIT ${params.add(paging.pageSize)} OFFSET ${params.add(paging.offset)}`,
      params.values,
    )) as VulnerabilityRow[];
    const tags =
      query.with_tag === 'true' ? await this.tagsOf(rows.map((row) => row.artifact_id)) : undefined;
    return {
      items: rows.map((row) => ({
        project_id: row.project_id,
        repository_name: row.repository_name,
        digest: row.digest,
        ...(tags ? { tags: tags.get(row.artifact_id) ?? [] } : {}),
        cve_id: row.cve_id,
        severity: row.severity,
        status: row.status,
        cvss_v3_score: row.cvss_score_v3 ?? 0,
        package: row.package,
        version: row.package_version,
        fixed_version: row.fixed_version,
        desc: row.description,
        links: row.urls.split('|'),
      })),
      total: tuned && total > TUNED_COUNT_LIMIT ? -1 : total,
    };
  }

  private async tagsOf(artifactIds: number[]): Promise<Map<number, string[]>> {
    const rows = (await this.dataSource.query(
      `SELECT artifact_id, (array_agg(name ORDER BY push_time DESC, name))[1:${MAX_TAGS}] AS names
         FROM tag WHERE artifact_id = ANY($1) GROUP BY artifact_id`,
      [artifactIds],
    )) as { artifact_id: number; names: string[] }[];
    return new Map(rows.map((row) => [row.artifact_id, row.names]));
  }

  private async defaultScanner(): Promise<string | undefined> {
    const [row] = (await this.dataSource.query(
      'SELECT uuid FROM scanner_registration WHERE is_default LIMIT 1',
    )) as { uuid: string }[];
    return row?.uuid;
  }
}
