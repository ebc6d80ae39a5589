import { Body, Controller, Delete, Get, Headers, Param, Post, Put } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { Security } from '../auth/security.decorator.js';
import { validate } from '../common/validation.js';
import { METADATA_KEYS, normaliseMetadata } from './project.dto.js';
import { ProjectsService } from './projects.service.js';

const metadataBody = z.record(z.string(), z.union([z.string(), z.boolean(), z.number()]));

/** `/projects/{p}/metadatas`: the project's settings one key at a time. */
@Controller('api/v2.0/projects/:project_name_or_id/metadatas')
export class ProjectMetadataController {
  constructor(
    private readonly projects: ProjectsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  async listProjectMetadatas(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    return (await this.authorized(s, ref, byName, 'read')).metadata ?? {};
  }

  @Post()
  async addProjectMetadatas(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Body() body: unknown,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const project = await this.authorized(s, ref, byName, 'create');
    await this.projects.writeMetadata(this.dataSource, project.project_id, this.normalised(body));
  }

  @Get(':meta_name')
  async getProjectMetadata(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param('meta_name') name: string,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const value = (await this.authorized(s, ref, byName, 'read')).metadata?.[name];
    if (value === undefined) throw HarborError.notFound(`metadata ${name} not found`);
    return { [name]: value };
  }

  @Put(':meta_name')
  async updateProjectMetadata(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param('meta_name') name: string,
    @Body() body: unknown,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const project = await this.authorized(s, ref, byName, 'update');
    const values = this.normalised(body);
    if (Object.keys(values).length !== 1 || values[name] === undefined)
      throw HarborError.badRequest(`body: must hold exactly ${name}`);
    await this.projects.writeMetadata(this.dataSource, project.project_id, values);
  }

  @Delete(':meta_name')
  async deleteProjectMetadata(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param('meta_name') name: string,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const project = await this.authorized(s, ref, byName, 'delete');
    if (!METADATA_KEYS.includes(name) || project.metadata?.[name] === undefined)
      throw HarborError.notFound(`metadata ${name} not found`);
    await this.dataSource.query('DELETE FROM project_metadata WHERE project_id = $1 AND name = $2', [
      project.project_id,
      name,
    ]);
  }

  private normalised(body: unknown): Record<string, string> {
    const result = normaliseMetadata(validate(metadataBody, body));
    if ('error' in result) throw HarborError.badRequest(result.error);
    return result.values;
  }

  private async authorized(
    security: SecurityContext,
    ref: string,
    byName: string | undefined,
    action: string,
  ) {
    const project = await this.projects.resolve(ref, byName === 'true');
    await security.require(project.project_id, 'metadata', action);
    return project;
  }
}
