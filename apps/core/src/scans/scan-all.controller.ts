import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { Trigger } from '@harbor-ts/db';
import { Security, type SecurityContext } from '../auth/index.js';
import { parseScheduleRequest } from '../executions/schedule-request.js';
import { ScanAllService } from './scan-all.service.js';

/** Harbor's scan-all routes: every one needs the `scan-all` system permission and a default scanner. */
@Controller('api/v2.0')
export class ScanAllController {
  constructor(private readonly scanAll: ScanAllService) {}

  @Get('system/scanAll/schedule')
  async getScanAllSchedule(@Security() s: SecurityContext) {
    await this.requireAccess(s, 'read');
    return this.scanAll.schedule();
  }

  @Post('system/scanAll/schedule')
  @HttpCode(201)
  async createScanAllSchedule(@Security() s: SecurityContext, @Body() body: unknown) {
    await this.requireAccess(s, 'create');
    await this.scanAll.create(parseScheduleRequest(body));
  }

  @Put('system/scanAll/schedule')
  async updateScanAllSchedule(@Security() s: SecurityContext, @Body() body: unknown) {
    await this.requireAccess(s, 'update');
    await this.scanAll.update(parseScheduleRequest(body));
  }

  @Post('system/scanAll/stop')
  @HttpCode(202)
  async stopScanAll(@Security() s: SecurityContext) {
    await this.requireAccess(s, 'stop');
    await this.scanAll.stop();
  }

  @Get('scans/all/metrics')
  async getLatestScanAllMetrics(@Security() s: SecurityContext) {
    await this.requireAccess(s, 'read');
    return this.scanAll.metrics();
  }

  @Get('scans/schedule/metrics')
  async getLatestScheduledScanAllMetrics(@Security() s: SecurityContext) {
    await this.requireAccess(s, 'read');
    return this.scanAll.metrics(Trigger.Schedule);
  }

  private async requireAccess(s: SecurityContext, action: string): Promise<void> {
    await s.requireSystem('scan-all', action);
    await this.scanAll.requireDefaultScanner();
  }
}
