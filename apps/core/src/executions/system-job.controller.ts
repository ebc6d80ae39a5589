import { Body, Get, HttpCode, Param, Put, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JobType } from '@harbor-ts/jobs';
import { type SecurityContext, Security } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { parseId } from '../common/validation.js';
import { ExecutionHistoryService } from './execution-history.service.js';
import { JobScheduleService } from './job-schedule.service.js';
import { parseScheduleRequest } from './schedule-request.js';
import type { SystemJobPolicy } from './system-job-policy.js';

type ListQuery = { q?: string; sort?: string; page?: string; page_size?: string };

/**
 * Harbor's API of a system job (`/system/gc`, `/system/purgeaudit`): history, one run, its log, stop,
 * and the schedule. Each subclass names its path and its policy; the routes are the same.
 */
export abstract class SystemJobController<T extends JobType> {
  protected abstract readonly policy: SystemJobPolicy<T>;

  constructor(
    private readonly history: ExecutionHistoryService,
    private readonly schedules: JobScheduleService,
  ) {}

  @Get()
  async list(
    @Security() s: SecurityContext,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem(this.policy.resource, 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.history.list(this.policy.type, query, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Get('schedule')
  async getSchedule(@Security() s: SecurityContext) {
    await s.requireSystem(this.policy.resource, 'read');
    return this.schedules.get(this.policy.type);
  }

  /** `Manual` starts a run now and points `Location` at it; the other types set or remove the schedule. */
  @Post('schedule')
  @HttpCode(201)
  async createSchedule(
    @Security() s: SecurityContext,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem(this.policy.resource, 'create');
    const executionId = await this.schedules.apply(this.policy, parseScheduleRequest(body));
    const path = new URL(req.url, 'http://placeholder').pathname.replace(/\/schedule\/?$/, '');
    if (executionId !== undefined) void reply.header('location', `${path}/${executionId}`);
  }

  @Put('schedule')
  async updateSchedule(@Security() s: SecurityContext, @Body() body: unknown) {
    await s.requireSystem(this.policy.resource, 'update');
    await this.schedules.apply(this.policy, parseScheduleRequest(body));
  }

  @Get(':id')
  async get(@Security() s: SecurityContext, @Param('id') id: string) {
    await s.requireSystem(this.policy.resource, 'read');
    return this.history.get(this.policy.type, parseId('id', id), this.policy.messages);
  }

  @Put(':id')
  async stop(@Security() s: SecurityContext, @Param('id') id: string) {
    await s.requireSystem(this.policy.resource, 'stop');
    await this.history.stop(this.policy.type, parseId('id', id), this.policy.messages);
  }

  @Get(':id/log')
  async log(
    @Security() s: SecurityContext,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem(this.policy.resource, 'read');
    const log = await this.history.log(this.policy.type, parseId('id', id), this.policy.messages);
    void reply.header('content-type', 'text/plain; charset=utf-8');
    return log;
  }
}
