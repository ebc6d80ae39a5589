import { Body, Controller, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Trigger } from '@harbor-ts/db';
import { HarborError } from '@harbor-ts/errors';
import { principalName } from '../../auth/principal.js';
import { Security, type SecurityContext } from '../../auth/index.js';
import { parsePaging, setPageHeaders } from '../../common/paging.js';
import { parseId } from '../../common/validation.js';
import { ReplicationExecutionsService } from './replication-executions.service.js';

type ListQuery = Record<string, string | undefined>;
const RESOURCE = 'replication';

function pathOf(req: FastifyRequest): string {
  return new URL(req.url, 'http://placeholder').pathname.replace(/\/+$/, '');
}

/** `/replication/executions`: runs of replication policies, for system admins (Harbor's `replication` resource). */
@Controller('api/v2.0/replication/executions')
export class ReplicationExecutionsController {
  constructor(private readonly executions: ReplicationExecutionsService) {}

  @Post()
  async start(
    @Security() s: SecurityContext,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem(RESOURCE, 'create');
    const policyId = (body as { policy_id?: unknown } | null)?.policy_id;
    if (typeof policyId !== 'number' || !Number.isInteger(policyId) || policyId <= 0)
      throw HarborError.badRequest('policy_id should be a positive integer');
    const id = await this.executions.start(policyId, Trigger.Manual, undefined, principalName(s.principal));
    void reply.status(201).header('location', `${pathOf(req)}/${id}`);
  }

  @Get()
  async list(
    @Security() s: SecurityContext,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem(RESOURCE, 'list');
    const paging = parsePaging(query);
    const policyId = query.policy_id === undefined ? undefined : parseId('policy_id', query.policy_id);
    const { items, total } = await this.executions.list(
      { policyId, status: query.status, trigger: query.trigger, sort: query.sort },
      paging,
    );
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Get(':id')
  async get(@Security() s: SecurityContext, @Param('id') raw: string) {
    await s.requireSystem(RESOURCE, 'read');
    return this.executions.get(parseId('id', raw));
  }

  /** Stops the run (Harbor's PUT has no body). */
  @Put(':id')
  async stop(@Security() s: SecurityContext, @Param('id') raw: string) {
    await s.requireSystem(RESOURCE, 'create');
    await this.executions.stop(parseId('id', raw));
  }

  @Get(':id/tasks')
  async tasks(
    @Security() s: SecurityContext,
    @Param('id') raw: string,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem(RESOURCE, 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.executions.tasks(
      parseId('id', raw),
      { status: query.status, resourceType: query.resource_type, sort: query.sort },
      paging,
    );
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Get(':id/tasks/:taskId/log')
  async log(
    @Security() s: SecurityContext,
    @Param('id') raw: string,
    @Param('taskId') rawTask: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem(RESOURCE, 'read');
    const log = await this.executions.log(parseId('id', raw), parseId('task_id', rawTask));
    void reply.header('content-type', 'text/plain; charset=utf-8');
    return log;
  }
}
