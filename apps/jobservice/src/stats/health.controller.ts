import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JobQueues } from '../queues/job-queues.js';

@Controller('api/health')
export class HealthController {
  constructor(
    private readonly queues: JobQueues,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Unauthenticated liveness for supervisors: Redis and Postgres reachable. */
  @Get()
  async health() {
    await Promise.all([this.queues.ping(), this.dataSource.query('SELECT 1')]);
    return { status: 'healthy' };
  }
}
