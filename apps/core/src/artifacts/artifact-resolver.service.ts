import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { SqlParams } from '../common/list-query.js';
import { listQuery } from '../common/prepared-query.js';
import type { SecurityContext } from '../auth/security-context.js';
import {
  authorizedFromScope,
  authorizedProject,
  projectScopeSql,
  repositoryPathName,
  type ProjectScopeColumns,
} from '../repositories/project-scope.js';

/** An `artifact` row as stored; `extra_attrs` is JSON text, `size` a number. */
export interface ArtifactRow {
  id: number;
  type: string;
  media_type: string;
  manifest_media_type: string;
  artifact_type: string;
  project_id: number;
  repository_id: number;
  repository_name: string;
  digest: string;
  size: number;
  icon: string;
  push_time: Date;
  pull_time: Date | null;
  extra_attrs: string;
  annotations: Record<string, string> | null;
}

export const ARTIFACT_COLUMNS = `a.id, a.type, a.media_type, a.manifest_media_type, a.artifact_type, a.project_id, a.repository_id,
  a.repository_name, a.digest, a.size::bigint AS size, a.icon, a.push_time, a.pull_time, a.extra_attrs, a.annotations`;

/** The digest forms distribution accepts; anything else with a colon is a malformed digest, not a tag. */
const DIGEST = /^(sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;

export function isDigestReference(reference: string): boolean {
  return reference.includes(':');
}

/** Turns (project, repository, tag or digest) into the artifact row, or Harbor's 404. */
@Injectable()
export class ArtifactResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * `repositoryName` is the name inside the project, already decoded (`a/b`, not `a%2Fb`); the project
   * must exist and not be deleted. A reference with a colon must be a valid digest (else 400).
   *
   * `extra` adds select-list columns over the artifact `a` (its parameters go to `params`, which hold
   * $1 and $2 already), so a caller reads the artifact and what it needs of it in one round trip. A
   * request error `extra` throws comes after the artifact's 404, as when the two were separate queries.
   * `fixedShape`: the columns `extra` gives come from a small fixed set (flags, not a `q`), so the
   * statement is prepared; without `extra` it always is.
   */
  async resolve<Extra extends object = object>(
    projectName: string,
    repositoryName: string,
    reference: string,
    extra?: (params: SqlParams) => string,
    fixedShape = extra === undefined,
  ): Promise<ArtifactRow & Extra> {
    const repository = `${projectName}/${repositoryName}`;
    const byDigest = isDigestReference(reference);
    if (byDigest && !DIGEST.test(reference))
      throw new HarborError(HarborErrorCode.DIGEST_INVALID, `invalid digest: ${reference}`);
    const params = new SqlParams([repository, reference]);
    let columns = ARTIFACT_COLUMNS;
    try {
      if (extra) columns += `, ${extra(params)}`;
    } catch (error) {
      await this.resolve(projectName, repositoryName, reference);
      throw error;
    }
    const rows = await listQuery<ArtifactRow & Extra>(
      this.dataSource,
      artifactSql(byDigest, columns, 'JOIN project p ON p.project_id = r.project_id AND NOT p.deleted'),
      params.values,
      fixedShape,
      { generic: true },
    );
    return found(rows[0], repository, reference);
  }

  /**
   * `resolve` for a caller who must be allowed `action` on `resource` in project `projectName` (401/403
   * before 404): the project's facts and the caller's roles in it are read by the same statement as the
   * artifact, which is used only once the check has passed. `repositoryName` arrives as in the path. A
   * request error (encoding, digest, `extra`) falls back to checking first, then `resolve`, so errors come
   * in the same order as when the two were separate queries.
   */
  async resolveAuthorized<Extra extends object = object>(
    security: SecurityContext,
    projectName: string,
    repositoryName: string,
    reference: string,
    access: { resource: string; action: string },
    extra?: (params: SqlParams) => string,
    fixedShape = extra === undefined,
  ): Promise<ArtifactRow & Extra> {
    const params = new SqlParams();
    let sql: string;
    let repository: string;
    try {
      repository = `${projectName}/${repositoryPathName(repositoryName)}`;
      const byDigest = isDigestReference(reference);
      if (byDigest && !DIGEST.test(reference)) throw new Error('invalid digest');
      params.values.push(repository, reference);
      const columns = extra ? `${ARTIFACT_COLUMNS}, ${extra(params)}` : ARTIFACT_COLUMNS;
      const scope = projectScopeSql(security, params.add(projectName), params);
      const inProject = 'AND r.project_id = (SELECT project_id FROM scope_project)';
      sql = `WITH ${scope.cte}
        SELECT h.*, x.* FROM (SELECT ${scope.columns} FROM (SELECT) one LEFT JOIN scope_project sp ON TRUE) h
          LEFT JOIN (${artifactSql(byDigest, columns, '', inProject)}) x ON TRUE`;
    } catch {
      const project = await authorizedProject(security, projectName, access.resource, access.action);
      const name = repositoryPathName(repositoryName);
      return this.resolve<Extra>(project.name, name, reference, extra, fixedShape);
    }
    const [head] = await listQuery<ProjectScopeColumns & ArtifactRow & Extra>(
      this.dataSource,
      sql,
      params.values,
      fixedShape,
      { generic: true },
    );
    const { scope_project_id, scope_project_name, scope_project_public, scope_roles, ...row } = head!;
    const scope = { scope_project_id, scope_project_name, scope_project_public, scope_roles };
    await authorizedFromScope(security, projectName, scope, access.resource, access.action);
    const artifact = row as unknown as ArtifactRow & Extra;
    return found(artifact.id === null ? undefined : artifact, repository, reference);
  }
}

/**
 * The artifact by digest or by tag. Both walk unique indexes: repository(name), then artifact(repository_id,
 * digest) or tag(repository_id, name), whatever the values, so a fixed-shape statement is prepared and
 * planned once. `join` and `where` confine the repository to a live project.
 */
function artifactSql(byDigest: boolean, columns: string, join: string, where = ''): string {
  return byDigest
    ? `SELECT ${columns} FROM repository r JOIN artifact a ON a.repository_id = r.repository_id ${join}
        WHERE r.name = $1 AND a.digest = $2 ${where}`
    : `SELECT ${columns} FROM repository r JOIN tag rt ON rt.repository_id = r.repository_id
         JOIN artifact a ON a.id = rt.artifact_id ${join}
        WHERE r.name = $1 AND rt.name = $2 ${where}`;
}

function found<Row extends ArtifactRow>(row: Row | undefined, repository: string, reference: string): Row {
  if (!row)
    throw HarborError.notFound(
      `artifact ${repository}${isDigestReference(reference) ? '@' : ':'}${reference} not found`,
    );
  return { ...row, size: Number(row.size) };
}
