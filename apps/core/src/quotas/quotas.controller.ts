import { Body, Controller, Get, Param, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { parseId, validate } from '../common/validation.js';
import { QuotaService } from './quota.service.js';

type ListQuery = {
  reference?: string;
  reference_id?: string;
  sort?: string;
  page?: string;
  page_size?: string;
};
const storageLimit = z
  .number()
  .int()
  .refine((v) => v === -1 || v > 0, 'must be -1 or greater than 0');
const quotaUpdateSchema = z.object({ hard: z.object({ storage: storageLimit }).strict() });

@Controller('api/v2.0/quotas')
export class QuotasController {
  constructor(private readonly quotas: QuotaService) {}

  @Get()
  async listQuotas(
    @Security() s: SecurityContext,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.requireSystem(s, 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.quotas.list(query, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Get(':id')
  async getQuota(@Security() s: SecurityContext, @Param('id') id: string) {
    await this.requireSystem(s, 'read');
    return this.quotas.get(parseId('id', id));
  }

  @Put(':id')
  async updateQuota(@Security() s: SecurityContext, @Param('id') id: string, @Body() body: unknown) {
    await this.requireSystem(s, 'update');
    const quota = await this.quotas.get(parseId('id', id));
    await this.quotas.updateHard(s, quota, validate(quotaUpdateSchema, body).hard);
  }

  /** Quotas are a system resource in Harbor: admins and robots granted it. */
  private async requireSystem(s: SecurityContext, action: string) {
    s.requireAuthenticated();
    if (!(await s.canSystem('quota', action))) throw HarborError.forbidden('forbidden');
  }
}
