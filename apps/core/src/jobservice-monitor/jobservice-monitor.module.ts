import { Module } from '@nestjs/common';
import { JobMonitorService } from './job-monitor.service.js';
import { JobQueuesService } from './job-queues.service.js';
import { JobserviceController } from './jobservice.controller.js';
import { JobserviceRedis } from './jobservice-redis.js';
import { ScheduleListingService } from './schedule-listing.service.js';
import { SchedulesController } from './schedules.controller.js';

/** Harbor's job service API (`/jobservice/*`, `/schedules`), behind the job service dashboard. */
@Module({
  controllers: [JobserviceController, SchedulesController],
  providers: [JobserviceRedis, JobMonitorService, JobQueuesService, ScheduleListingService],
})
export class JobserviceMonitorModule {}
