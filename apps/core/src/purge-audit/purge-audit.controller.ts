import { Controller } from '@nestjs/common';
import { ExecutionHistoryService } from '../executions/execution-history.service.js';
import { JobScheduleService } from '../executions/job-schedule.service.js';
import { SystemJobController } from '../executions/system-job.controller.js';
import { PURGE_AUDIT_POLICY } from './purge-audit-policy.js';

/** `/system/purgeaudit`: audit log rotation runs, their logs, "purge now" and the schedule. */
@Controller('api/v2.0/system/purgeaudit')
export class PurgeAuditController extends SystemJobController<'PURGE_AUDIT_LOG'> {
  protected readonly policy = PURGE_AUDIT_POLICY;

  constructor(history: ExecutionHistoryService, schedules: JobScheduleService) {
    super(history, schedules);
  }
}
