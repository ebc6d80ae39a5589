import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SecurityContext } from '../auth/security-context.js';
import { SqlParams } from '../common/list-query.js';
import { preparedQuery } from '../common/prepared-query.js';
import { projectJsonSql, projectRowsSql } from '../projects/project-json.js';
import { PUBLIC_SQL, visibilityKey, visibleSql } from '../projects/project.queries.js';
import { type NameMatches, RepositoryNames } from './repository-names.js';

/** Harbor returns every match; a cap keeps one broad keyword from serialising the whole catalogue. */
const MAX_RESULTS = 100;

/** How many kinds of caller (a user, one project's robots, anonymous) keep the projects they last saw. */
const MAX_REMEMBERED_CALLERS = 1000;

/** The projects a kind of caller saw: the ids, and Postgres's array text of them, as the statement reads it. */
interface VisibleProjects {
  ids: ReadonlySet<number>;
  text: string;
}

/**
 * The ids (as Postgres's array text, in id order) of the projects the caller may see; `visible` is
 * `visibleSql` for alias `p`.
 */
const visibleIdsSql = (visible: string) =>
  `SELECT COALESCE(array_agg(p.project_id ORDER BY p.project_id), '{}') AS ids FROM project p
    WHERE NOT p.deleted AND ${visible}`;

/** For a caller who is not an admin: the project (alias `p` or `r`) is one the statement's `visible` lists. */
const IN_VISIBLE = (alias: string) => `${alias}.project_id = ANY((SELECT ids FROM visible)::int[])`;

/**
 * The matched repositories ($2) as `id,project,pull_count,artifact_count;...`, and the projects they were matched
 * in ($3) that still stand, as JSON `[[id, name, public], ...]`: core writes the repositories' JSON from these and
 * the names it matched. Postgres writing the same 100 objects (a join per repository, `to_json` of two names)
 * cost its backend 440 µs a statement; these two lists 180 µs (one client, generic plan, bench dataset).
 */
const MATCHED_REPOSITORIES_SQL = `(SELECT string_agg(concat(r.repository_id, ',', r.project_id, ',', r.pull_count,
      ',', r.artifact_count), ';') FROM repository r WHERE r.repository_id = ANY($2::int[])) AS repositories,
  (SELECT json_agg(json_build_array(p.project_id, p.name, ${PUBLIC_SQL}))::text
     FROM project p WHERE p.project_id = ANY($3::int[]) AND NOT p.deleted) AS projects`;

/** One row of the search statement. */
interface SearchRow {
  /** The project matches, as the project listing writes them. */
  project: string;
  repositories: string | null;
  projects: string | null;
  version: string;
  visible: string | null;
}

/** `GET /search`: projects and repositories whose names contain the keyword, among those the caller can see. */
@Injectable()
export class SearchService {
  /** visibilityKey → the projects that kind of caller saw in its last search (most recent last). */
  private readonly remembered = new Map<string, VisibleProjects>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repositoryNames: RepositoryNames,
  ) {}

  /**
   * The repository names are matched in core's copy of them, among the projects the caller saw in its last
   * search (read by a statement of their own the first time; all projects for admins), keeping the first 100;
   * then one statement: the project matches, written as JSON by Postgres as the project listing writes them,
   * and the matched repositories' counts and projects, which core writes out, keeping only those in a project
   * the statement says the caller may see now. The statement also reads the names' version and the caller's
   * projects: when either has moved since core's copy was taken, the copies are renewed and the statement
   * run once more, so a repository that came or a project that became visible is found.
   */
  async search(security: SecurityContext, keyword: string): Promise<string> {
    const needle = keyword.toLowerCase();
    const key = visibilityKey(security);
    let visible =
      key === undefined ? undefined : (this.remembered.get(key) ?? (await this.visibleProjects(security)));
    let matches = await this.repositoryNames.matching(needle, MAX_RESULTS, visible?.ids);
    let row = await this.searchStatement(security, needle, matches);
    const namesMoved = row.version !== matches.version;
    const projectsMoved = visible !== undefined && row.visible !== visible.text;
    if (key !== undefined && row.visible !== null) visible = this.remember(key, row.visible);
    if (namesMoved || projectsMoved) {
      if (namesMoved) this.repositoryNames.outdated(matches.version);
      matches = await this.repositoryNames.matching(needle, MAX_RESULTS, visible?.ids);
      // Still moving: the answer of a moment ago is answer enough (it never shows what the caller may not see).
      row = await this.searchStatement(security, needle, matches);
      if (key !== undefined && row.visible !== null) visible = this.remember(key, row.visible);
    }
    return `{"project":${row.project},"repository":${repositoriesJson(matches, row, visible?.ids)}}`;
  }

  /** The projects a caller who is not an admin may see (public ones and their own), read on its first search. */
  private async visibleProjects(security: SecurityContext): Promise<VisibleProjects> {
    const params = new SqlParams();
    const [row] = await preparedQuery<{ ids: string }>(
      this.dataSource,
      `SELECT ids::text FROM (${visibleIdsSql(visibleSql(security, params))}) v`,
      params.values,
      { generic: true },
    );
    return toVisible(row!.ids);
  }

  /** Keeps a caller's projects as the last used, forgetting the least recently used beyond the cap. */
  private remember(key: string, text: string): VisibleProjects {
    const known = this.remembered.get(key);
    const visible = known?.text === text ? known : toVisible(text);
    this.remembered.delete(key);
    this.remembered.set(key, visible);
    if (this.remembered.size > MAX_REMEMBERED_CALLERS)
      this.remembered.delete(this.remembered.keys().next().value!);
    return visible;
  }

  private async searchStatement(
    security: SecurityContext,
    needle: string,
    matches: NameMatches,
  ): Promise<SearchRow> {
    const params = new SqlParams([
      like(needle),
      `{${matches.ids.join(',')}}`,
      `{${[...new Set(matches.projectIds)].join(',')}}`,
    ]);
    const visibleOnly = !security.isSysAdmin();
    const visible = visibleOnly
      ? `WITH visible AS MATERIALIZED (${visibleIdsSql(visibleSql(security, params))}) `
      : '';
    const projects = `${projectRowsSql(
      security,
      params,
      `NOT p.deleted AND p.name LIKE $1${visibleOnly ? ` AND ${IN_VISIBLE('p')}` : ''}`,
    )} ORDER BY p.name LIMIT ${MAX_RESULTS}`;
    // Prepared: the keyword is a parameter, so the text comes from a handful of shapes (one per kind of caller).
    const [row] = await preparedQuery<SearchRow>(
      this.dataSource,
      `${visible}SELECT COALESCE((SELECT '[' || string_agg(${projectJsonSql(security.isSysAdmin())}, ','
                 ORDER BY p.name) || ']' FROM (${projects}) p), '[]') AS project,
              ${MATCHED_REPOSITORIES_SQL},
              (SELECT version::text FROM repository_name_version) AS version,
              ${visibleOnly ? '(SELECT ids::text FROM visible)' : 'NULL::text'} AS visible`,
      params.values,
      { generic: true }, // the same index scans for every keyword; re-planning each cost 3.2 ms of 7.8
    );
    return row!;
  }
}

/**
 * The matched repositories as Harbor's search writes them, in name order: those that still exist in the
 * project they were matched in, that project standing and, when `visible` is given, one the caller may see.
 */
function repositoriesJson(matches: NameMatches, row: SearchRow, visible?: ReadonlySet<number>): string {
  const counts = new Map<number, string[]>();
  for (const entry of row.repositories?.split(';') ?? []) {
    const fields = entry.split(',');
    counts.set(Number(fields[0]), fields);
  }
  const projects = new Map<number, string>();
  for (const [id, name, isPublic] of JSON.parse(row.projects ?? '[]') as [number, string, boolean][])
    projects.set(
      id,
      `{"project_id":${id},"project_name":${JSON.stringify(name)},"project_public":${isPublic}`,
    );
  const found: string[] = [];
  matches.ids.forEach((id, i) => {
    const [, projectId, pullCount, artifactCount] = counts.get(id) ?? [];
    const project = projects.get(matches.projectIds[i]!);
    if (Number(projectId) !== matches.projectIds[i] || !project) return;
    if (visible && !visible.has(matches.projectIds[i]!)) return;
    found.push(
      `${project},"repository_name":${JSON.stringify(matches.names[i])},"pull_count":${pullCount},"artifact_count":${artifactCount}}`,
    );
  });
  return `[${found.join(',')}]`;
}

/** Postgres's text of an int array (`{1,2}`) as the set of its ids. */
function toVisible(text: string): VisibleProjects {
  const inner = text.slice(1, -1);
  return { ids: new Set(inner ? inner.split(',').map(Number) : []), text };
}

/**
 * Project and repository names are lowercase only (Harbor's and docker's grammar), so a case-sensitive
 * LIKE of the lowercased keyword matches what ILIKE would, without lowercasing every candidate name.
 */
function like(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, '\\$&')}%`;
}
