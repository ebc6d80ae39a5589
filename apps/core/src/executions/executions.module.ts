import { Module } from '@nestjs/common';
import { ExecutionHistoryService } from './execution-history.service.js';
import { JobScheduleService } from './job-schedule.service.js';

/** Runs and schedules of the system jobs, read and written for `/system/gc` and `/system/purgeaudit`. */
@Module({
  providers: [ExecutionHistoryService, JobScheduleService],
  exports: [ExecutionHistoryService, JobScheduleService],
})
export class ExecutionsModule {}
