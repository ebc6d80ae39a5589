import { Body, Controller, Get, Headers, Param, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HarborError } from '@harbor-ts/errors';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { validate } from '../common/validation.js';
import { ProjectsService } from '../projects/projects.service.js';
import { projectScannerSchema } from './scanner-registration.dto.js';
import { ScannerMetadataService } from './scanner-metadata.service.js';
import { ScannerRegistrationsService } from './scanner-registrations.service.js';
import { scannerView } from './scanner-view.js';

/** `/projects/{p}/scanner`: the scanner a project's artifacts are scanned with. */
@Controller('api/v2.0/projects/:project_name_or_id/scanner')
export class ProjectScannerController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly registrations: ScannerRegistrationsService,
    private readonly metadata: ScannerMetadataService,
  ) {}

  /** The project's own scanner, else the system default; 200 without a body when there is neither. */
  @Get()
  async getScannerOfProject(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const projectId = await this.authorized(s, ref, byName, 'read');
    const row = await this.registrations.forProject(projectId);
    return row ? scannerView(row, await this.metadata.of(row)) : undefined;
  }

  @Put()
  async setScannerOfProject(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Body() body: unknown,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const projectId = await this.authorized(s, ref, byName, 'create');
    const { uuid } = validate(projectScannerSchema, body);
    if (!(await this.registrations.find(uuid))) throw HarborError.notFound(`scanner ${uuid} not found`);
    await this.registrations.setForProject(projectId, uuid);
  }

  @Get('candidates')
  async listScannerCandidatesOfProject(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Query() query: Record<string, string | undefined>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    await this.authorized(s, ref, byName, 'create');
    const paging = parsePaging(query);
    const { items, total } = await this.registrations.list({ q: query.q, sort: query.sort }, paging);
    setPageHeaders(req, reply, paging, total);
    return Promise.all(items.map(async (row) => scannerView(row, await this.metadata.of(row))));
  }

  /** Harbor's order: 401 for anonymous callers, then the project's `scanner` permission, then 404. */
  private async authorized(s: SecurityContext, ref: string, byName: string | undefined, action: string) {
    s.requireAuthenticated();
    const project = await this.projects.resolve(ref, byName === 'true');
    await s.require(project.project_id, 'scanner', action);
    return project.project_id;
  }
}
