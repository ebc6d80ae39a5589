import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type SecurityContext, Security } from '../auth/index.js';
import { JobMonitorService } from './job-monitor.service.js';
import { JobQueuesService } from './job-queues.service.js';

/** Harbor's RBAC resource for the job service dashboard. */
const RESOURCE = 'jobservice-monitor';

/** Harbor's job service API: worker pools and workers, one job's stop and log, the queues. */
@Controller('api/v2.0/jobservice')
export class JobserviceController {
  constructor(
    private readonly monitor: JobMonitorService,
    private readonly queues: JobQueuesService,
  ) {}

  @Get('pools')
  async getWorkerPools(@Security() s: SecurityContext) {
    await s.requireSystem(RESOURCE, 'list');
    return this.monitor.pools();
  }

  @Get('pools/:pool_id/workers')
  async getWorkers(@Security() s: SecurityContext, @Param('pool_id') poolId: string) {
    await s.requireSystem(RESOURCE, 'list');
    return this.monitor.workers(poolId);
  }

  @Put('jobs/:job_id')
  async stopRunningJob(@Security() s: SecurityContext, @Param('job_id') jobId: string) {
    await s.requireSystem(RESOURCE, 'stop');
    await this.monitor.stopJob(jobId);
  }

  @Get('jobs/:job_id/log')
  async actionGetJobLog(
    @Security() s: SecurityContext,
    @Param('job_id') jobId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem(RESOURCE, 'list');
    const log = await this.monitor.jobLog(jobId);
    void reply.header('content-type', 'text/plain; charset=utf-8');
    return log;
  }

  @Get('queues')
  async listJobQueues(@Security() s: SecurityContext) {
    await s.requireSystem(RESOURCE, 'list');
    return this.queues.list();
  }

  @Put('queues/:job_type')
  async actionPendingJobs(
    @Security() s: SecurityContext,
    @Param('job_type') jobType: string,
    @Body() body: unknown,
  ) {
    await s.requireSystem(RESOURCE, 'stop');
    await this.queues.act(jobType, body);
  }
}
