import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type SecurityContext, Security } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { JobQueuesService } from './job-queues.service.js';
import { ScheduleListingService } from './schedule-listing.service.js';

/** `/schedules`: every schedule, and whether the scheduler is paused (job service dashboard). */
@Controller('api/v2.0/schedules')
export class SchedulesController {
  constructor(
    private readonly schedules: ScheduleListingService,
    private readonly queues: JobQueuesService,
  ) {}

  @Get()
  async listSchedules(
    @Security() s: SecurityContext,
    @Query() query: { page?: string; page_size?: string },
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem('jobservice-monitor', 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.schedules.list(paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  /** Harbor only asks for a signed-in caller here; the dashboard is admin-only, so this is too. */
  @Get(':job_type/paused')
  async getSchedulePaused(@Security() s: SecurityContext, @Param('job_type') jobType: string) {
    await s.requireSystem('jobservice-monitor', 'list');
    return this.queues.schedulerPaused(jobType);
  }
}
