import { Controller, Get } from '@nestjs/common';
import { HealthService, type OverallHealthStatus } from './health.service.js';

@Controller('api/v2.0/health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  getHealth(): Promise<OverallHealthStatus> {
    return this.health.check();
  }
}
