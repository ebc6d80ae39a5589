import { Body, Controller, Delete, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HarborError } from '@harbor-ts/errors';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { parseId, validate } from '../common/validation.js';
import { ReadOnlyService } from '../configurations/read-only.service.js';
import { labelSchema, LabelsService, type LabelRow } from './labels.service.js';

type ListQuery = {
  q?: string;
  sort?: string;
  page?: string;
  page_size?: string;
  name?: string;
  scope?: string;
  project_id?: string;
};

@Controller('api/v2.0/labels')
export class LabelsController {
  constructor(
    private readonly labels: LabelsService,
    private readonly readOnly: ReadOnlyService,
  ) {}

  @Get()
  async ListLabels(
    @Security() s: SecurityContext,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const scope = query.scope ?? 'g';
    // Harbor's messages, which scripts match on.
    if (scope !== 'g' && scope !== 'p') throw HarborError.badRequest(`invalid scope: ${scope}`);
    if (scope === 'p' && (!query.project_id || query.project_id === '0'))
      throw HarborError.badRequest('must with project ID when to query project labels');
    const projectId = scope === 'p' ? parseId('project_id', query.project_id ?? '') : 0;
    await this.authorize(s, { scope, project_id: projectId }, 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.labels.list({ ...query, scope, projectId }, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Post()
  async CreateLabel(
    @Security() s: SecurityContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const request = validate(labelSchema, body);
    const scope = request.scope ?? 'g';
    const projectId = scope === 'p' ? (request.project_id ?? 0) : 0;
    if (scope === 'p' && projectId === 0) throw HarborError.badRequest('project_id: required for scope p');
    await this.authorize(s, { scope, project_id: projectId }, 'create');
    if (scope === 'p' && !(await s.project(projectId)))
      throw HarborError.notFound(`project ${projectId} not found`);
    const id = await this.labels.create(s, { ...request, scope, project_id: projectId });
    void reply.status(201).header('location', `/api/v2.0/labels/${id}`);
  }

  @Get(':label_id')
  async GetLabelByID(@Security() s: SecurityContext, @Param('label_id') id: string) {
    return this.authorized(s, id, 'read');
  }

  @Put(':label_id')
  async UpdateLabel(@Security() s: SecurityContext, @Param('label_id') id: string, @Body() body: unknown) {
    const label = await this.authorized(s, id, 'update');
    await this.labels.update(s, label, validate(labelSchema, body));
  }

  @Delete(':label_id')
  async DeleteLabel(@Security() s: SecurityContext, @Param('label_id') id: string) {
    const label = await this.authorized(s, id, 'delete');
    await this.readOnly.assertWritable();
    await this.labels.delete(s, label);
  }

  /** The label, once the caller may act on it (Harbor looks the label up first, then checks its project). */
  private async authorized(s: SecurityContext, rawId: string, action: string): Promise<LabelRow> {
    s.requireAuthenticated();
    const label = await this.labels.get(parseId('label_id', rawId));
    await this.authorize(s, label, action);
    return label;
  }

  /** Global labels: read by anyone signed in, changed by admins; project labels: the project's label permissions. */
  private async authorize(s: SecurityContext, label: { scope: string; project_id: number }, action: string) {
    s.requireAuthenticated();
    if (label.scope === 'p') return s.require(label.project_id, 'label', action);
    if (action === 'read' || action === 'list') return;
    if (!(await s.canSystem('label', action))) throw HarborError.forbidden('forbidden');
  }
}
