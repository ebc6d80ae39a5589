import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectRole } from '@harbor-ts/auth';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { CoreEvents } from '../events/core-events.js';
import { operatorOf } from '../events/operator.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { INT4_MAX } from '../common/validation.js';
import { ConfigurationService } from '../system/configuration.service.js';
import { allowlistCveIds } from '../cve-allowlist/allowlist-request.js';
import { CveAllowlistService } from '../cve-allowlist/cve-allowlist.service.js';
import { normaliseMetadata, PROJECT_NAME, type ProjectRequest, type ProjectRow } from './project.dto.js';
import { PROJECT_SELECT } from './project.queries.js';
import { dropProxyMetadata, proxyRegistryOf } from '../proxy-cache/proxy-project-rules.js';

/** `{project_name_or_id}` as an id or a name: a number is an id unless the caller says `X-Is-Resource-Name: true`. */
export function projectRef(nameOrId: string, isResourceName = false): number | string {
  return !isResourceName && /^\d+$/.test(nameOrId) && Number(nameOrId) <= INT4_MAX
    ? Number(nameOrId)
    : nameOrId;
}

/** Creating, reading, updating and deleting one project; listing lives in ProjectListingService. */
@Injectable()
export class ProjectsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ConfigurationService) private readonly configuration: ConfigurationService,
    private readonly events: CoreEvents,
    private readonly allowlists: CveAllowlistService,
  ) {}

  /** `{project_name_or_id}`: a number is an id unless the caller says `X-Is-Resource-Name: true`. */
  async resolve(nameOrId: string, isResourceName = false): Promise<ProjectRow> {
    const ref = projectRef(nameOrId, isResourceName);
    const rows: ProjectRow[] = await this.dataSource.query(
      `${PROJECT_SELECT} WHERE NOT p.deleted AND ${typeof ref === 'number' ? 'p.project_id = $1' : 'p.name = $1'}`,
      [ref],
    );
    if (!rows[0]) throw HarborError.notFound(`project ${nameOrId} not found`);
    return rows[0];
  }

  async exists(name: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM project WHERE name = $1 AND NOT deleted',
      [name],
    );
    return rows.length > 0;
  }

  async create(security: SecurityContext, request: ProjectRequest): Promise<number> {
    const ownerId = await this.requireCreator(security);
    const name = request.project_name ?? '';
    if (!PROJECT_NAME.test(name))
      throw HarborError.badRequest('project_name: must match [a-z0-9]+(?:[._-][a-z0-9]+)*');
    const registryId = await proxyRegistryOf(this.dataSource.manager, security, request);
    const metadata = this.metadataOf(request);
    // Only admins set a quota at creation; everyone else gets the system default, and so does 0 (Harbor's "unset").
    const defaultLimit = await this.configuration.get('storage_per_project');
    const storageLimit =
      security.isSysAdmin() && request.storage_limit ? request.storage_limit : defaultLimit;
    let projectId: number;
    try {
      projectId = await this.dataSource.transaction(async (manager) => {
        const [row] = (await manager.query(
          'INSERT INTO project (owner_id, name, registry_id) VALUES ($1, $2, $3) RETURNING project_id',
          [ownerId, name, registryId],
        )) as [{ project_id: number }];
        await this.writeMetadata(manager, row.project_id, { public: 'false', ...metadata });
        if (security.principal.kind === 'user') {
          await manager.query(
            `INSERT INTO project_member (project_id, entity_id, entity_type, role) VALUES ($1, $2, 'u', $3)`,
            [row.project_id, ownerId, ProjectRole.projectAdmin],
          );
        }
        await manager.query(`INSERT INTO quota (reference, reference_id, hard) VALUES ('project', $1, $2)`, [
          String(row.project_id),
          JSON.stringify({ storage: storageLimit }),
        ]);
        await manager.query(
          `INSERT INTO quota_usage (reference, reference_id, used) VALUES ('project', $1, '{"storage": 0}')`,
          [String(row.project_id)],
        );
        return row.project_id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw HarborError.conflict(`the project named ${name} already exists`);
      throw error;
    }
    await this.emit(security, 'project.created', projectId, name);
    return projectId;
  }

  /**
   * PUT: metadata and the CVE allowlist change; name and quota do not, and neither does the deprecated
   * top-level `public`, which Harbor reads on creation only (scripts that send it on update change nothing).
   */
  async update(security: SecurityContext, project: ProjectRow, request: ProjectRequest): Promise<void> {
    if (!project.registry_id) dropProxyMetadata(request);
    const metadata = this.metadataOf({ ...request, public: undefined });
    const projectId = project.project_id;
    const allowlist = request.cve_allowlist;
    if (allowlist?.project_id && allowlist.project_id !== projectId)
      throw HarborError.badRequest(
        `project_id in cve_allowlist must be ${projectId} but it's ${allowlist.project_id}`,
      );
    const cveIds = allowlist ? allowlistCveIds(allowlist) : undefined;
    await this.dataSource.transaction(async (manager) => {
      await this.writeMetadata(manager, projectId, metadata);
      if (allowlist && cveIds)
        await this.allowlists.set(manager, projectId, allowlist.expires_at ?? null, cveIds);
      await manager.query('UPDATE project SET update_time = now() WHERE project_id = $1', [projectId]);
    });
    await this.emit(security, 'project.updated', projectId, project.name);
  }

  /** Refused while repositories remain (412); a deleted project's name becomes free again. */
  async delete(security: SecurityContext, project: ProjectRow): Promise<void> {
    const projectId = project.project_id;
    await this.dataSource.transaction(async (manager) => {
      const [{ count }] = (await manager.query(
        'SELECT count(*)::int AS count FROM repository WHERE project_id = $1',
        [projectId],
      )) as [{ count: number }];
      if (count > 0)
        throw new HarborError(
          HarborErrorCode.PRECONDITION,
          'the project contains repositories, can not be deleted',
        );
      await manager.query(
        `UPDATE project SET deleted = true, name = name || '#' || project_id, update_time = now() WHERE project_id = $1`,
        [projectId],
      );
      await manager.query('DELETE FROM project_member WHERE project_id = $1', [projectId]);
      await manager.query('DELETE FROM immutable_tag_rule WHERE project_id = $1', [projectId]);
      // Its retention policy and that policy's schedule go with it, as in Harbor.
      await manager.query(
        `DELETE FROM schedule WHERE vendor_type = 'RETENTION' AND vendor_id IN
           (SELECT id FROM retention_policy WHERE scope_level = 'project' AND scope_reference = $1)`,
        [projectId],
      );
      await manager.query(
        `DELETE FROM retention_policy WHERE scope_level = 'project' AND scope_reference = $1`,
        [projectId],
      );
      const reference = String(projectId);
      await manager.query(`DELETE FROM quota WHERE reference = 'project' AND reference_id = $1`, [reference]);
      await manager.query(`DELETE FROM quota_usage WHERE reference = 'project' AND reference_id = $1`, [
        reference,
      ]);
      await manager.query(
        `DELETE FROM role_permission WHERE role_type = 'robotaccount' AND role_id IN (SELECT id FROM robot WHERE project_id = $1)`,
        [projectId],
      );
      await manager.query('DELETE FROM robot WHERE project_id = $1', [projectId]);
    });
    await this.emit(security, 'project.deleted', projectId, project.name);
  }

  private emit(
    security: SecurityContext,
    type: 'project.created' | 'project.updated' | 'project.deleted',
    projectId: number,
    name: string,
  ): Promise<void> {
    return this.events.emit({ type, operator: operatorOf(security), projectId, resource: name });
  }

  async writeMetadata(
    manager: EntityManager | DataSource,
    projectId: number,
    metadata: Record<string, string>,
  ) {
    for (const [name, value] of Object.entries(metadata)) {
      await manager.query(
        `INSERT INTO project_metadata (project_id, name, value) VALUES ($1, $2, $3)
         ON CONFLICT (project_id, name) DO UPDATE SET value = EXCLUDED.value, update_time = now()`,
        [projectId, name, value],
      );
    }
  }

  private metadataOf(request: ProjectRequest): Record<string, string> {
    const merged: Record<string, unknown> = { ...request.metadata };
    if (request.public !== undefined && request.public !== null && merged.public === undefined)
      merged.public = request.public;
    const result = normaliseMetadata(merged);
    if ('error' in result) throw HarborError.badRequest(result.error);
    return result.values;
  }

  /** Who may create: anyone signed in unless restricted to admins; robots need a system grant. */
  private async requireCreator(security: SecurityContext): Promise<number> {
    security.requireAuthenticated();
    if (security.principal.kind === 'robot') {
      if (!(await security.canSystem('project', 'create'))) throw HarborError.forbidden('forbidden');
      return security.principal.creatorRef || 1; // a system robot made by the system is owned by admin
    }
    if (
      !security.isSysAdmin() &&
      (await this.configuration.get('project_creation_restriction')) === 'adminonly'
    ) {
      throw HarborError.forbidden('only system admin can create project');
    }
    return security.userId!;
  }
}
