import { Controller } from '@nestjs/common';
import { ExecutionHistoryService } from '../executions/execution-history.service.js';
import { JobScheduleService } from '../executions/job-schedule.service.js';
import { SystemJobController } from '../executions/system-job.controller.js';
import { GC_POLICY } from './gc-policy.js';

/** `/system/gc`: garbage collection runs, their logs, "GC now" and the schedule. */
@Controller('api/v2.0/system/gc')
export class GcController extends SystemJobController<'GARBAGE_COLLECTION'> {
  protected readonly policy = GC_POLICY;

  constructor(history: ExecutionHistoryService, schedules: JobScheduleService) {
    super(history, schedules);
  }
}
