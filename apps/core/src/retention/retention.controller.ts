import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HarborError } from '@harbor-ts/errors';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { parseId } from '../common/validation.js';
import { RETENTION_METADATA } from './retention-metadata.js';
import { parseRetentionPolicy, type RetentionPolicyBody } from './retention-policy.dto.js';
import { RetentionService, type StoredPolicy } from './retention.service.js';

type PageQuery = { page?: string; page_size?: string };
const RESOURCE = 'tag-retention';

function pathOf(req: FastifyRequest): string {
  return new URL(req.url, 'http://placeholder').pathname.replace(/\/+$/, '');
}

/** Harbor's `/retentions` API, with its permission checks (the project's `tag-retention` resource). */
@Controller('api/v2.0/retentions')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('metadatas')
  metadata(@Security() s: SecurityContext) {
    s.requireAuthenticated();
    return RETENTION_METADATA;
  }

  @Post()
  async create(
    @Security() s: SecurityContext,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    s.requireAuthenticated();
    const policy = parseRetentionPolicy(body);
    if (policy.scope.level !== 'project')
      throw HarborError.badRequest(`scope ${policy.scope.level} is not support`);
    const ref = policy.scope.ref;
    if (ref <= 0 || !(await this.retention.projectExists(ref)))
      throw HarborError.badRequest(`invalid Project id ${ref}`);
    await s.require(ref, RESOURCE, 'create');
    const old = await this.retention.policyOfProject(ref);
    if (old) throw HarborError.badRequest(`project ${ref} already has retention policy ${old}`);
    const id = await this.retention.create(policy);
    void reply.status(201).header('location', `${pathOf(req)}/${id}`);
  }

  @Get(':id')
  async get(@Security() s: SecurityContext, @Param('id') raw: string) {
    const id = parseId('id', raw);
    const policy = await this.retention.find(id);
    if (!policy) throw HarborError.notFound(`retention policy ${id} not found`);
    await s.require(policy.scope.ref, RESOURCE, 'read');
    return policy;
  }

  @Put(':id')
  async update(@Security() s: SecurityContext, @Param('id') raw: string, @Body() body: unknown) {
    const id = parseId('id', raw);
    s.requireAuthenticated();
    const policy = parseRetentionPolicy(body);
    if (policy.scope.level !== 'project')
      throw HarborError.badRequest(`scope ${policy.scope.level} is not support`);
    await s.require(policy.scope.ref, RESOURCE, 'update');
    await this.requirePolicyOfProject(policy, id);
    await this.retention.update(id, policy);
  }

  @Delete(':id')
  async delete(@Security() s: SecurityContext, @Param('id') raw: string) {
    const policy = await this.policy(s, raw, 'delete');
    await this.retention.delete(policy);
  }

  @Post(':id/executions')
  @HttpCode(201)
  async trigger(
    @Security() s: SecurityContext,
    @Param('id') raw: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const policy = await this.policy(s, raw, 'update');
    const dryRun = (body as { dry_run?: unknown } | null)?.dry_run ?? false;
    if (typeof dryRun !== 'boolean') throw HarborError.badRequest('dry_run should be a boolean');
    const executionId = await this.retention.trigger(policy.id, dryRun);
    void reply.header('location', `${pathOf(req)}/${executionId}`);
  }

  @Get(':id/executions')
  async executions(
    @Security() s: SecurityContext,
    @Param('id') raw: string,
    @Query() query: PageQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const policy = await this.policy(s, raw, 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.retention.executions(policy.id, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Patch(':id/executions/:eid')
  async operate(
    @Security() s: SecurityContext,
    @Param('id') raw: string,
    @Param('eid') rawEid: string,
    @Body() body: unknown,
  ) {
    const eid = parseId('eid', rawEid);
    if ((body as { action?: unknown } | null)?.action !== 'stop')
      throw HarborError.badRequest("action should be 'stop'");
    const policy = await this.policy(s, raw, 'update');
    await this.requirePolicyOfProject(policy, policy.id);
    await this.retention.requireExecution(policy, eid);
    await this.retention.stop(eid);
  }

  @Get(':id/executions/:eid/tasks')
  async tasks(
    @Security() s: SecurityContext,
    @Param('id') raw: string,
    @Param('eid') rawEid: string,
    @Query() query: PageQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const eid = parseId('eid', rawEid);
    const policy = await this.policy(s, raw, 'list');
    await this.requirePolicyOfProject(policy, policy.id);
    await this.retention.requireExecution(policy, eid);
    const paging = parsePaging(query);
    const { items, total } = await this.retention.tasks(eid, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Get(':id/executions/:eid/tasks/:tid')
  async log(
    @Security() s: SecurityContext,
    @Param('id') raw: string,
    @Param('eid') rawEid: string,
    @Param('tid') rawTid: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const eid = parseId('eid', rawEid);
    const tid = parseId('tid', rawTid);
    const policy = await this.policy(s, raw, 'read');
    await this.requirePolicyOfProject(policy, policy.id);
    const log = await this.retention.taskLog(policy, eid, tid);
    void reply.header('content-type', 'text/plain; charset=utf-8');
    return log;
  }

  /** The stored policy and the caller's permission on its project; Harbor answers 400 for an unknown id here. */
  private async policy(s: SecurityContext, raw: string, action: string): Promise<StoredPolicy> {
    const id = parseId('id', raw);
    const policy = await this.retention.find(id);
    if (!policy) {
      s.requireAuthenticated();
      throw HarborError.badRequest(`retention policy ${id} not found`);
    }
    await s.require(policy.scope.ref, RESOURCE, action);
    return policy;
  }

  /** Harbor's requirePolicyAccess: the project's `retention_id` must be this policy, else 404. */
  private async requirePolicyOfProject(policy: RetentionPolicyBody, id: number): Promise<void> {
    if ((await this.retention.policyOfProject(policy.scope.ref)) !== String(id))
      throw HarborError.notFound(`the retention policy id ${id} does not match`);
  }
}
