import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { authorizedProject } from '../repositories/project-scope.js';
import { AuditLogService } from './audit-log.service.js';

type ListQuery = { q?: string; sort?: string; page?: string; page_size?: string };

@Controller('api/v2.0')
export class AuditLogsController {
  constructor(private readonly auditLogs: AuditLogService) {}

  /** Admins see every entry; other users, as in Harbor, those of their projects where they may list logs. */
  @Get('audit-logs')
  async listAuditLogs(
    @Security() s: SecurityContext,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    s.requireAuthenticated();
    return this.page(query, req, reply, s.isSysAdmin() ? undefined : s);
  }

  @Get('projects/:project_name/logs')
  async getLogs(
    @Security() s: SecurityContext,
    @Param('project_name') projectName: string,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const project = await authorizedProject(s, projectName, 'log', 'list');
    return this.page(query, req, reply, { projectId: project.projectId });
  }

  private async page(
    query: ListQuery,
    req: FastifyRequest,
    reply: FastifyReply,
    scope?: { projectId: number } | SecurityContext,
  ) {
    const paging = parsePaging(query);
    const { items, total } = await this.auditLogs.list(query, paging, scope);
    setPageHeaders(req, reply, paging, total);
    return items;
  }
}
