import { Body, Controller, Delete, Get, Headers, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { parseId, validate } from '../common/validation.js';
import { operatorOf } from '../events/operator.js';
import { authorizedProject } from '../repositories/project-scope.js';
import { projectRef } from '../projects/projects.service.js';
import { WebhookExecutionsService } from './webhook-executions.service.js';
import { NOTIFY_TYPES, PAYLOAD_FORMATS, SUPPORTED_EVENT_TYPES } from './webhook-payload.js';
import { WebhookPoliciesService } from './webhook-policies.service.js';
import { webhookPolicySchema } from './webhook-policy.dto.js';

type ListQuery = { q?: string; sort?: string; page?: string; page_size?: string };
const POLICY = 'webhook_policy_id';

/** Harbor's webhook API under `/projects/{project_name_or_id}/webhook`, one line per operation. */
@Controller('api/v2.0/projects/:project_name_or_id/webhook')
export class WebhookPoliciesController {
  constructor(
    private readonly policies: WebhookPoliciesService,
    private readonly runs: WebhookExecutionsService,
  ) {}

  @Get('policies')
  async ListWebhookPoliciesOfProject(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const projectId = await this.authorized(s, ref, byName, 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.policies.list(projectId, query, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Post('policies')
  async CreateWebhookPolicyOfProject(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const projectId = await this.authorized(s, ref, byName, 'create');
    const id = await this.policies.create(projectId, validate(webhookPolicySchema, body), operatorOf(s));
    const path = new URL(req.url, 'http://placeholder').pathname.replace(/\/+$/, '');
    void reply.status(201).header('location', `${path}/${id}`);
  }

  @Get(`policies/:${POLICY}`)
  async GetWebhookPolicyOfProject(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param(POLICY) rawId: string,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const projectId = await this.authorized(s, ref, byName, 'read');
    return this.policies.get(projectId, parseId(POLICY, rawId));
  }

  @Put(`policies/:${POLICY}`)
  async UpdateWebhookPolicyOfProject(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param(POLICY) rawId: string,
    @Body() body: unknown,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const id = parseId(POLICY, rawId);
    const projectId = await this.authorized(s, ref, byName, 'update');
    await this.policies.update(projectId, id, validate(webhookPolicySchema, body));
  }

  @Delete(`policies/:${POLICY}`)
  async DeleteWebhookPolicyOfProject(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param(POLICY) rawId: string,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const id = parseId(POLICY, rawId);
    const projectId = await this.authorized(s, ref, byName, 'delete');
    await this.policies.delete(projectId, id);
  }

  @Get(`policies/:${POLICY}/executions`)
  async ListExecutionsOfWebhookPolicy(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param(POLICY) rawId: string,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const policyId = await this.policyOf(s, ref, byName, rawId);
    const paging = parsePaging(query);
    const { items, total } = await this.runs.executions(policyId, query, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Get(`policies/:${POLICY}/executions/:execution_id/tasks`)
  async ListTasksOfWebhookExecution(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param(POLICY) rawId: string,
    @Param('execution_id') rawExecution: string,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const executionId = parseId('execution_id', rawExecution);
    const policyId = await this.policyOf(s, ref, byName, rawId);
    const paging = parsePaging(query);
    const { items, total } = await this.runs.tasks(policyId, executionId, query, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Get(`policies/:${POLICY}/executions/:execution_id/tasks/:task_id/log`)
  async GetLogsOfWebhookTask(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Param(POLICY) rawId: string,
    @Param('execution_id') rawExecution: string,
    @Param('task_id') rawTask: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const executionId = parseId('execution_id', rawExecution);
    const taskId = parseId('task_id', rawTask);
    const policyId = await this.policyOf(s, ref, byName, rawId);
    const log = await this.runs.log(policyId, executionId, taskId);
    void reply.header('content-type', 'text/plain; charset=utf-8');
    return log;
  }

  @Get('lasttrigger')
  async LastTrigger(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    const projectId = await this.authorized(s, ref, byName, 'read');
    return this.runs.lastTriggers(await this.policies.all(projectId));
  }

  @Get('events')
  async GetSupportedEventTypes(
    @Security() s: SecurityContext,
    @Param('project_name_or_id') ref: string,
    @Headers('x-is-resource-name') byName?: string,
  ) {
    await this.authorized(s, ref, byName, 'read');
    return {
      event_type: SUPPORTED_EVENT_TYPES,
      notify_type: NOTIFY_TYPES,
      // Harbor: only http targets choose a payload format.
      payload_formats: [{ notify_type: 'http', formats: PAYLOAD_FORMATS }],
    };
  }

  /** The policy id once the caller may read the project's policies and the policy is the project's. */
  private async policyOf(s: SecurityContext, ref: string, byName: string | undefined, rawId: string) {
    const id = parseId(POLICY, rawId);
    const projectId = await this.authorized(s, ref, byName, 'read');
    await this.policies.get(projectId, id);
    return id;
  }

  /** The project's id once the caller holds `notification-policy:<action>` there. */
  private async authorized(
    security: SecurityContext,
    ref: string,
    byName: string | undefined,
    action: string,
  ): Promise<number> {
    return (
      await authorizedProject(security, projectRef(ref, byName === 'true'), 'notification-policy', action)
    ).projectId;
  }
}
