import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { SecurityHubService } from './security-hub.service.js';

type SummaryQuery = { with_dangerous_cve?: string; with_dangerous_artifact?: string };
type VulnerabilityQuery = {
  q?: string;
  page?: string;
  page_size?: string;
  tune_count?: string;
  with_tag?: string;
};

/** `/security/summary` and `/security/vul`: system admins (or robots granted `security-hub`) only. */
@Controller('api/v2.0/security')
export class SecurityHubController {
  constructor(private readonly hub: SecurityHubService) {}

  @Get('summary')
  async getSecuritySummary(@Security() s: SecurityContext, @Query() query: SummaryQuery) {
    await s.requireSystem('security-hub', 'read');
    return this.hub.summary({
      withCves: query.with_dangerous_cve === 'true',
      withArtifacts: query.with_dangerous_artifact === 'true',
    });
  }

  @Get('vul')
  async listVulnerabilities(
    @Security() s: SecurityContext,
    @Query() query: VulnerabilityQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem('security-hub', 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.hub.vulnerabilities(query, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }
}
