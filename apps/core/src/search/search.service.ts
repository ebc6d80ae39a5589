import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SecurityContext } from '../auth/security-context.js';
import { SqlParams } from '../common/list-query.js';
import { preparedQuery } from '../common/prepared-query.js';
import { projectJsonSql, projectRowsSql } from '../projects/project-json.js';
import { PUBLIC_SQL, visibleSql } from '../projects/project.queries.js';
import { type NameMatches, RepositoryNames } from './repository-names.js';

/** Harbor returns every match; a cap keeps one broad keyword from serialising the whole catalogue. */
const MAX_RESULTS = 100;

/**
 * The matched repositories ($2 ids, $3 their projects, in name order), already limited to the projects the
 * caller may see: each read by its key, kept only while it still belongs to the project it was matched for
 * (so an outdated copy of the names can never show a repository of another project) and that project
 * stands. 0.7 ms for 100 matches (psql, one client), where a trigram scan of the names and a visibility join
 * took 2.9 ms.
 */
const REPOSITORIES_SQL = `SELECT r.project_id, p.name AS project_name, ${PUBLIC_SQL} AS project_public,
       r.name AS repository_name, r.pull_count, r.artifact_count
  FROM unnest($2::int[], $3::int[]) WITH ORDINALITY m(id, project_id, ord)
  JOIN repository r ON r.repository_id = m.id AND r.project_id = m.project_id
  JOIN project p ON p.project_id = r.project_id AND NOT p.deleted`;

/** `GET /search`: projects and repositories whose names contain the keyword, among those the caller can see. */
@Injectable()
export class SearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repositoryNames: RepositoryNames,
  ) {}

  /**
   * The repository names are matched in core's copy of them, among the projects the caller may see (one
   * small statement first, none for admins), keeping the first 100; then one statement, whose answer
   * Postgres writes as JSON: the project matches as the project listing writes them, the repository
   * matches as plain rows (ints, strings and booleans). When that statement finds the copy outdated (a
   * repository came or went since it was loaded), the copy is loaded again and the statement run once more.
   */
  async search(security: SecurityContext, keyword: string): Promise<string> {
    const needle = keyword.toLowerCase();
    const visible = security.isSysAdmin() ? undefined : await this.visibleProjects(security);
    const match = () => this.repositoryNames.matching(needle, MAX_RESULTS, visible);
    let matches = await match();
    let answer = await this.searchStatement(security, needle, matches);
    if (answer.version !== matches.version) {
      this.repositoryNames.outdated(matches.version);
      matches = await match();
      // Repositories still coming and going: the names of a moment ago are answer enough.
      answer = await this.searchStatement(security, needle, matches);
    }
    return answer.body;
  }

  /** The ids of the projects a caller who is not an admin may see (public ones and their own). */
  private async visibleProjects(security: SecurityContext): Promise<Set<number>> {
    const params = new SqlParams();
    const [row] = await preparedQuery<{ ids: number[] }>(
      this.dataSource,
      `SELECT COALESCE(array_agg(p.project_id), '{}') AS ids FROM project p
        WHERE NOT p.deleted AND ${visibleSql(security, params)}`,
      params.values,
      { generic: true },
    );
    return new Set(row!.ids);
  }

  private async searchStatement(
    security: SecurityContext,
    needle: string,
    matches: NameMatches,
  ): Promise<{ body: string; version: string }> {
    const params = new SqlParams([like(needle), matches.ids, matches.projectIds]);
    const projects = `${projectRowsSql(
      security,
      params,
      `NOT p.deleted AND p.name LIKE $1 AND ${visibleSql(security, params)}`,
    )} ORDER BY p.name LIMIT ${MAX_RESULTS}`;
    // Prepared: the keyword is a parameter, so the text comes from a handful of shapes (one per kind of caller).
    const [row] = await preparedQuery<{ body: string; version: string }>(
      this.dataSource,
      `SELECT '{"project":' || COALESCE((SELECT '[' || string_agg(${projectJsonSql(security.isSysAdmin())}, ','
                 ORDER BY p.name) || ']' FROM (${projects}) p), '[]')
           || ',"repository":' || COALESCE((SELECT '[' || string_agg(row_to_json(x)::text, ',' ORDER BY x.repository_name)
                 || ']' FROM (${REPOSITORIES_SQL}) x), '[]') || '}' AS body,
              (SELECT version::text FROM repository_name_version) AS version`,
      params.values,
      { generic: true }, // the same index scans for every keyword; re-planning each cost 3.2 ms of 7.8
    );
    return row!;
  }
}

/**
 * Project and repository names are lowercase only (Harbor's and docker's grammar), so a case-sensitive
 * LIKE of the lowercased keyword matches what ILIKE would, without lowercasing every candidate name.
 */
function like(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, '\\$&')}%`;
}
